(* Parts of Lemma G (docs/math.md section 7.4; proofs-check/gd.cpp lemma_g),
   the matrix family's convergence lemma. Not Lemma G itself (the induction
   along the tail, the path length and the limit are still on paper,
   docs/formal.md section 4): the inequalities its hypotheses feed.

   * pl_inequality: |grad f|^2 = ||R Y||_F^2 + ||R^T X||_F^2 >=
     (sx^2 + sy^2) ||R||_F^2 = 2 (sx^2 + sy^2) f when |X^T w| >= sx |w| and
     |Y^T w| >= sy |w| (sx <= sigma_n(X), sy <= sigma_m(Y));
   * weyl_low: sigma_min over a ball, |M^T w| >= (s - e)_+ |w| when
     |Mc^T w| >= s |w| and ||M - Mc||_F <= e;
   * grad_bound: |grad f|^2 <= (sx + sy)^2 ||R||_F^2 = 2 G^2 f when
     sx >= ||X||_2, sy >= ||Y||_2. *)
From Coquelicot Require Import Coquelicot.
Require Import Reals Lra Lia.
Require Import LrCert.Reduction LrCert.Hessian.
Open Scope R_scope.

(* s <= sigma_r(M) for M: r x c (r <= c): |M^T w| >= s |w| for every w in R^r
   (lambda_min(M M^T) >= s^2). *)
Definition low_bound (r c : nat) (M : nat -> nat -> R) (s : R) : Prop :=
  0 <= s /\ forall w, s ^ 2 * sumn r (fun i => w i ^ 2) <= sumn c (fun k => sumn r (fun i => M i k * w i) ^ 2).

(* The gradient of f = ||R||_F^2 / 2, R = A - X Y^T: -(R Y) and -(R^T X). *)
Definition gradX (m : nat) (Y Rm : nat -> nat -> R) (i k : nat) : R := sumn m (fun j => Rm i j * Y j k).
Definition gradY (n : nat) (X Rm : nat -> nat -> R) (j k : nat) : R := sumn n (fun i => Rm i j * X i k).
Definition grad2 (n m d : nat) (X Y Rm : nat -> nat -> R) : R :=
  fro2 n d (gradX m Y Rm) + fro2 m d (gradY n X Rm).

Lemma fro2_swap n m (M : nat -> nat -> R) : fro2 n m M = fro2 m n (fun j i => M i j).
Proof. unfold fro2. apply sumn_swap. Qed.

(* Theorem (the PL inequality of Lemma G). *)
Theorem pl_inequality (n m d : nat) (X Y Rm : nat -> nat -> R) (sx sy : R) :
  low_bound n d X sx -> low_bound m d Y sy ->
  (sx ^ 2 + sy ^ 2) * fro2 n m Rm <= grad2 n m d X Y Rm.
Proof.
  intros [_ HX] [_ HY]. unfold grad2.
  assert (A : sy ^ 2 * fro2 n m Rm <= fro2 n d (gradX m Y Rm)).
  { unfold fro2. rewrite <- sumn_scal. apply sumn_le. intros i _.
    eapply Rle_trans; [apply (HY (fun j => Rm i j)) |]. right.
    apply sumn_ext. intros k _. unfold gradX. f_equal. apply sumn_ext. intros; ring. }
  assert (B : sx ^ 2 * fro2 n m Rm <= fro2 m d (gradY n X Rm)).
  { rewrite fro2_swap. unfold fro2. rewrite <- sumn_scal. apply sumn_le. intros j _.
    eapply Rle_trans; [apply (HX (fun i => Rm i j)) |]. right.
    apply sumn_ext. intros k _. unfold gradY. f_equal. apply sumn_ext. intros; ring. }
  lra.
Qed.

(* Theorem (Weyl for the smallest singular value, over a ball). *)
Theorem weyl_low (r c : nat) (M Mc : nat -> nat -> R) (s e : R) :
  low_bound r c Mc s -> 0 <= e -> fro2 r c (fun i k => M i k - Mc i k) <= e ^ 2 ->
  low_bound r c M (Rmax 0 (s - e)).
Proof.
  intros [Hs H] He HD. split; [apply Rmax_l |]. intro w.
  unfold Rmax. destruct (Rle_dec 0 (s - e)) as [Hse|Hse].
  2: { replace (0 ^ 2 * sumn r (fun i => w i ^ 2)) with 0 by ring.
       apply sumn_nonneg; intros; apply pow2_ge_0. }
  (* |Mc^T w| <= |M^T w| + |(Mc - M)^T w| and |(Mc - M)^T w| <= e |w| *)
  set (W := vnorm r w).
  assert (HT : spec_bound c r (fun k i => Mc i k - M i k) e).
  { apply spec_transpose, fro_spec; [exact He |]. eapply Rle_trans; [| exact HD].
    right. unfold fro2. apply sumn_ext; intros; apply sumn_ext; intros; ring. }
  pose proof (spec_vnorm c r _ e w HT) as Hd. fold W in Hd.
  pose proof (vnorm_triangle c (fun k => sumn r (fun i => M i k * w i)) (fun k => sumn r (fun i => (Mc i k - M i k) * w i))) as T.
  rewrite (vnorm_ext c _ (fun k => sumn r (fun i => Mc i k * w i))) in T.
  2: { intros k _. rewrite <- sumn_plus. apply sumn_ext. intros; ring. }
  assert (Hc : s * W <= vnorm c (fun k => sumn r (fun i => Mc i k * w i))).
  { unfold W, vnorm. rewrite <- (sqrt_pow2 s Hs), <- sqrt_mult_alt by apply pow2_ge_0.
    apply sqrt_le_1_alt. apply H. }
  set (Mw := vnorm c (fun k => sumn r (fun i => M i k * w i))) in *.
  assert (HW : 0 <= W) by apply sqrt_pos.
  assert (HMw : 0 <= Mw) by apply sqrt_pos.
  assert (L : (s - e) * W <= Mw) by lra.
  assert (E1 : sumn r (fun i => w i ^ 2) = W ^ 2)
    by (unfold W, vnorm; rewrite pow2_sqrt; [reflexivity | apply sumn_nonneg; intros; apply pow2_ge_0]).
  assert (E2 : sumn c (fun k => sumn r (fun i => M i k * w i) ^ 2) = Mw ^ 2)
    by (unfold Mw, vnorm; rewrite pow2_sqrt; [reflexivity | apply sumn_nonneg; intros; apply pow2_ge_0]).
  rewrite E1, E2. replace ((s - e) ^ 2 * W ^ 2) with (((s - e) * W) ^ 2) by ring.
  apply pow_incr. split; [apply Rmult_le_pos; lra | exact L].
Qed.

(* Theorem (the gradient bound of Lemma G). *)
Theorem grad_bound (n m d : nat) (X Y Rm : nat -> nat -> R) (sx sy : R) :
  spec_bound n d X sx -> spec_bound m d Y sy ->
  grad2 n m d X Y Rm <= (sx + sy) ^ 2 * fro2 n m Rm.
Proof.
  intros HX HY.
  pose proof (spec_transpose m d Y sy HY) as [Hy TY]. pose proof (spec_transpose n d X sx HX) as [Hx TX].
  assert (A : fro2 n d (gradX m Y Rm) <= sy ^ 2 * fro2 n m Rm).
  { unfold fro2. rewrite <- sumn_scal. apply sumn_le. intros i _.
    eapply Rle_trans; [| apply (TY (fun j => Rm i j))]. right.
    apply sumn_ext. intros k _. unfold gradX. f_equal. apply sumn_ext. intros; ring. }
  assert (B : fro2 m d (gradY n X Rm) <= sx ^ 2 * fro2 n m Rm).
  { rewrite (fro2_swap n m Rm). unfold fro2. rewrite <- sumn_scal. apply sumn_le. intros j _.
    eapply Rle_trans; [| apply (TX (fun i => Rm i j))]. right.
    apply sumn_ext. intros k _. unfold gradY. f_equal. apply sumn_ext. intros; ring. }
  pose proof (fro2_nonneg n m Rm). unfold grad2.
  assert (sx ^ 2 + sy ^ 2 <= (sx + sy) ^ 2) by nra. nra.
Qed.

(* ---- the descent lemma from the Hessian bound at two points ---------------- *)

Lemma lossm_ext n m d A X Y X' Y' :
  (forall i k, X i k = X' i k) -> (forall j k, Y j k = Y' j k) -> lossm n m d A X Y = lossm n m d A X' Y'.
Proof.
  intros HX HY. unfold lossm, resm. f_equal. apply sumn_ext. intros i _. apply sumn_ext. intros j _.
  f_equal. f_equal. apply sumn_ext. intros k _. rewrite HX, HY. reflexivity.
Qed.

(* Theorem (descent lemma). Along z + t v (v = (U, V)) f is a quartic
   phi(t); for a quadratic g, int_0^1 (1 - s) g(s) ds = g(0)/6 + g(1/2)/3, so
   phi(1) = phi(0) + phi'(0) + Q_z(v)/6 + Q_{z + v/2}(v)/3 (phi'' = Q along the
   line). Hence the Hessian form at most L |v|^2 at z and at the midpoint
   z + v/2 gives f(z + v) <= f(z) + grad f(z) . v + L |v|^2 / 2. *)
Theorem descent (n m d : nat) (A X Y U V : nat -> nat -> R) (L : R) :
  let Xm := fun i k => X i k + / 2 * U i k in let Ym := fun j k => Y j k + / 2 * V j k in
  let v2 := fro2 n d U + fro2 m d V in
  hess_form_m n m d X Y (resm d A X Y) U V <= L * v2 ->
  hess_form_m n m d Xm Ym (resm d A Xm Ym) U V <= L * v2 ->
  lossm n m d A (fun i k => X i k + U i k) (fun j k => Y j k + V j k) <=
  lossm n m d A X Y - sumn n (fun i => sumn m (fun j => resm d A X Y i j * jac d X Y U V i j)) + L * v2 / 2.
Proof.
  intros Xm Ym v2 HQ HQm.
  set (phi := fun t => lossm n m d A (fun i k => X i k + t * U i k) (fun j k => Y j k + t * V j k)).
  set (psi := fun t => lossm n m d A (fun i k => Xm i k + t * U i k) (fun j k => Ym j k + t * V j k)).
  assert (Hpp : forall t, psi t = phi (/ 2 + t)).
  { intro t. unfold psi, phi, Xm, Ym. apply lossm_ext; intros; ring. }
  pose proof (hessian_expansion_m n m d A X Y U V) as EX. cbv zeta in EX.
  pose proof (hessian_expansion_m n m d A Xm Ym U V) as EM. cbv zeta in EM.
  set (f0 := lossm n m d A X Y) in *.
  set (g1 := - sumn n (fun i => sumn m (fun j => resm d A X Y i j * jac d X Y U V i j))) in *.
  set (Q0 := hess_form_m n m d X Y (resm d A X Y) U V) in *.
  set (C0 := sumn n (fun i => sumn m (fun j => jac d X Y U V i j * uvt d U V i j))) in *.
  set (D0 := sumn n (fun i => sumn m (fun j => uvt d U V i j ^ 2)) / 2) in *.
  set (fm := lossm n m d A Xm Ym) in *.
  set (gm := - sumn n (fun i => sumn m (fun j => resm d A Xm Ym i j * jac d Xm Ym U V i j))) in *.
  set (Qm := hess_form_m n m d Xm Ym (resm d A Xm Ym) U V) in *.
  set (Cm := sumn n (fun i => sumn m (fun j => jac d Xm Ym U V i j * uvt d U V i j))) in *.
  assert (P : forall t, phi t = f0 + t * g1 + t ^ 2 / 2 * Q0 + t ^ 3 * C0 + t ^ 4 * D0) by (intro t; apply EX).
  assert (S : forall t, psi t = fm + t * gm + t ^ 2 / 2 * Qm + t ^ 3 * Cm + t ^ 4 * D0) by (intro t; apply EM).
  assert (E0 := Hpp 0). assert (E1 := Hpp (/ 2)). assert (E2 := Hpp (- / 2)). assert (E3 := Hpp 1).
  rewrite S, P in E0, E1, E2, E3.
  replace (/ 2 + 0) with (/ 2) in E0 by ring. replace (/ 2 + / 2) with 1 in E1 by field.
  replace (/ 2 + - / 2) with 0 in E2 by ring. replace (/ 2 + 1) with (3 / 2) in E3 by field.
  assert (Key : Q0 / 2 + C0 + D0 = (Q0 + 2 * Qm) / 6).
  { ring_simplify in E0. ring_simplify in E1. ring_simplify in E2. ring_simplify in E3. lra. }
  assert (Hv : lossm n m d A (fun i k => X i k + U i k) (fun j k => Y j k + V j k) = phi 1).
  { unfold phi. apply lossm_ext; intros; ring. }
  rewrite Hv, P. unfold g1. lra.
Qed.

(* ---- the tail of Lemma G: the iterates, their path length and the limit ---- *)

(* Frobenius geometry of the state (X, Y): |(P1, P2)|^2 = ||P1||_F^2 + ||P2||_F^2. *)
Definition ipm (r c : nat) (P Q : nat -> nat -> R) : R := sumn r (fun i => sumn c (fun k => P i k * Q i k)).

Lemma fro2_ext r c P Q : (forall i k, (i < r)%nat -> (k < c)%nat -> P i k = Q i k) -> fro2 r c P = fro2 r c Q.
Proof. intro H. unfold fro2. apply sumn_ext. intros i Hi. apply sumn_ext. intros k Hk. rewrite H; auto. Qed.

Lemma fro2_lin r c P Q t :
  fro2 r c (fun i k => P i k + t * Q i k) = fro2 r c P + 2 * t * ipm r c P Q + t ^ 2 * fro2 r c Q.
Proof.
  unfold fro2, ipm.
  transitivity (sumn r (fun i => sumn c (fun k => P i k ^ 2) + ((2 * t) * sumn c (fun k => P i k * Q i k) + t ^ 2 * sumn c (fun k => Q i k ^ 2)))).
  - apply sumn_ext. intros i _. rewrite <- !sumn_scal, <- !sumn_plus. apply sumn_ext. intros; ring.
  - rewrite !sumn_plus, !sumn_scal. ring.
Qed.

Lemma fro2_scal r c P t : fro2 r c (fun i k => t * P i k) = t ^ 2 * fro2 r c P.
Proof.
  unfold fro2. rewrite <- sumn_scal. apply sumn_ext. intros i _. rewrite <- sumn_scal. apply sumn_ext. intros; ring.
Qed.

Definition pnorm (n m d : nat) (P1 P2 : nat -> nat -> R) : R := sqrt (fro2 n d P1 + fro2 m d P2).

Lemma pnorm_triangle n m d P1 P2 Q1 Q2 :
  pnorm n m d (fun i k => P1 i k + Q1 i k) (fun j k => P2 j k + Q2 j k) <= pnorm n m d P1 P2 + pnorm n m d Q1 Q2.
Proof.
  unfold pnorm.
  set (a := fro2 n d P1 + fro2 m d P2). set (b := fro2 n d Q1 + fro2 m d Q2).
  set (c := ipm n d P1 Q1 + ipm m d P2 Q2).
  assert (Ha : 0 <= a) by (unfold a; pose proof (fro2_nonneg n d P1); pose proof (fro2_nonneg m d P2); lra).
  assert (Hb : 0 <= b) by (unfold b; pose proof (fro2_nonneg n d Q1); pose proof (fro2_nonneg m d Q2); lra).
  assert (E : fro2 n d (fun i k => P1 i k + Q1 i k) + fro2 m d (fun j k => P2 j k + Q2 j k) = a + 2 * c + b).
  { rewrite (fro2_ext n d _ (fun i k => P1 i k + 1 * Q1 i k)) by (intros; ring).
    rewrite (fro2_ext m d _ (fun i k => P2 i k + 1 * Q2 i k)) by (intros; ring).
    rewrite !fro2_lin. unfold a, b, c. ring. }
  assert (CS : c ^ 2 <= a * b).
  { apply discriminant. intro t.
    pose proof (fro2_nonneg n d (fun i k => P1 i k + (- t) * Q1 i k)) as N1.
    pose proof (fro2_nonneg m d (fun i k => P2 i k + (- t) * Q2 i k)) as N2.
    rewrite fro2_lin in N1, N2. unfold a, b, c. nra. }
  assert (H0 : 0 <= a + 2 * c + b).
  { rewrite <- E. pose proof (fro2_nonneg n d (fun i k => P1 i k + Q1 i k)).
    pose proof (fro2_nonneg m d (fun j k => P2 j k + Q2 j k)). lra. }
  rewrite E. apply Rsqr_incr_0_var; [| pose proof (sqrt_pos a); pose proof (sqrt_pos b); lra].
  unfold Rsqr. rewrite sqrt_sqrt by exact H0.
  pose proof (abs_le_sqrt a c b Ha Hb CS) as AC. apply abs_between in AC.
  pose proof (sqrt_sqrt a Ha). pose proof (sqrt_sqrt b Hb). nra.
Qed.

(* distance of states *)
Definition mdist (n m d : nat) (X Y X' Y' : nat -> nat -> R) : R :=
  pnorm n m d (fun i k => X i k - X' i k) (fun j k => Y j k - Y' j k).

Lemma mdist_triangle n m d X Y X' Y' X'' Y'' :
  mdist n m d X Y X'' Y'' <= mdist n m d X Y X' Y' + mdist n m d X' Y' X'' Y''.
Proof.
  pose proof (pnorm_triangle n m d (fun i k => X i k - X' i k) (fun j k => Y j k - Y' j k)
                (fun i k => X' i k - X'' i k) (fun j k => Y' j k - Y'' j k)) as T.
  unfold mdist. eapply Rle_trans; [| exact T]. right. unfold pnorm. f_equal. f_equal; apply fro2_ext; intros; cbv beta; ring.
Qed.

Lemma mdist_sym n m d X Y X' Y' : mdist n m d X Y X' Y' = mdist n m d X' Y' X Y.
Proof.
  unfold mdist, pnorm. f_equal.
  rewrite (fro2_ext n d (fun i k => X i k - X' i k) (fun i k => -1 * (X' i k - X i k))) by (intros; ring).
  rewrite (fro2_ext m d (fun j k => Y j k - Y' j k) (fun j k => -1 * (Y' j k - Y j k))) by (intros; ring).
  rewrite !fro2_scal. ring.
Qed.

Lemma mdist_coord n m d X Y X' Y' i k : (i < n)%nat -> (k < d)%nat ->
  Rabs (X i k - X' i k) <= mdist n m d X Y X' Y'.
Proof.
  intros Hi Hk. unfold mdist, pnorm. rewrite <- sqrt_Rsqr_abs. apply sqrt_le_1_alt. unfold Rsqr.
  pose proof (fro2_nonneg m d (fun j k => Y j k - Y' j k)).
  assert (Row : forall r (f : nat -> R) l, (l < r)%nat -> (forall l, 0 <= f l) -> f l <= sumn r f).
  { induction r as [|r IH]; intros f l Hr Hf; [lia |]. simpl. destruct (Nat.eq_dec l r) as [->|NE].
    - pose proof (sumn_nonneg r f ltac:(intros; apply Hf)). lra.
    - pose proof (IH f l ltac:(lia) Hf). pose proof (Hf r). lra. }
  assert (T : (X i k - X' i k) ^ 2 <= fro2 n d (fun i k => X i k - X' i k)).
  { unfold fro2. eapply Rle_trans; [| apply (Row n (fun i => sumn d (fun k => (X i k - X' i k) ^ 2)) i Hi)].
    - apply (Row d (fun k => (X i k - X' i k) ^ 2) k Hk). intro; apply pow2_ge_0.
    - intro; apply sumn_nonneg; intros; apply pow2_ge_0. }
  lra.
Qed.

Lemma mdist_coordY n m d X Y X' Y' j k : (j < m)%nat -> (k < d)%nat ->
  Rabs (Y j k - Y' j k) <= mdist n m d X Y X' Y'.
Proof.
  intros Hj Hk. unfold mdist, pnorm.
  replace (fro2 n d (fun i k => X i k - X' i k) + fro2 m d (fun j k => Y j k - Y' j k))
    with (fro2 m d (fun j k => Y j k - Y' j k) + fro2 n d (fun i k => X i k - X' i k)) by ring.
  apply (mdist_coord m n d Y X Y' X' j k Hj Hk).
Qed.

(* The GD map of the matrix family: X+ = X + h R Y, Y+ = Y + h R^T X. *)
Definition gdm (m n d : nat) (A : nat -> nat -> R) (h : R) (z : (nat -> nat -> R) * (nat -> nat -> R)) :
  (nat -> nat -> R) * (nat -> nat -> R) :=
  (fun i k => fst z i k + h * gradX m (snd z) (resm d A (fst z) (snd z)) i k,
   fun j k => snd z j k + h * gradY n (fst z) (resm d A (fst z) (snd z)) j k).

(* <R, U Y^T + X V^T> with U = R Y, V = R^T X is |grad f|^2 *)
Lemma grad_dot n m d X Y Rm t :
  sumn n (fun i => sumn m (fun j => Rm i j * jac d X Y (fun i k => t * gradX m Y Rm i k) (fun j k => t * gradY n X Rm j k) i j))
  = t * grad2 n m d X Y Rm.
Proof.
  unfold jac, grad2, fro2, gradX, gradY.
  transitivity (sumn n (fun i => sumn m (fun j => sumn d (fun k => t * (Rm i j * Y j k) * sumn m (fun j' => Rm i j' * Y j' k)))) +
                sumn n (fun i => sumn m (fun j => sumn d (fun k => t * (Rm i j * X i k) * sumn n (fun i' => Rm i' j * X i' k))))).
  - rewrite <- sumn_plus. apply sumn_ext. intros i _. rewrite <- sumn_plus. apply sumn_ext. intros j _.
    rewrite <- !sumn_plus, <- sumn_scal. apply sumn_ext. intros k _. ring.
  - rewrite Rmult_plus_distr_l. f_equal.
    + rewrite <- sumn_scal. apply sumn_ext. intros i _. rewrite sumn_swap. rewrite <- sumn_scal. apply sumn_ext. intros k _.
      rewrite (sumn_ext m _ (fun j => (t * sumn m (fun j' => Rm i j' * Y j' k)) * (Rm i j * Y j k))) by (intros; ring).
      rewrite sumn_scal. ring.
    + rewrite sumn_swap. rewrite <- sumn_scal. apply sumn_ext. intros j _. rewrite sumn_swap. rewrite <- sumn_scal.
      apply sumn_ext. intros k _.
      rewrite (sumn_ext n _ (fun i => (t * sumn n (fun i' => Rm i' j * X i' k)) * (Rm i j * X i k))) by (intros; ring).
      rewrite sumn_scal. ring.
Qed.

Lemma grad2_nonneg n m d X Y Rm : 0 <= grad2 n m d X Y Rm.
Proof. unfold grad2. pose proof (fro2_nonneg n d (gradX m Y Rm)). pose proof (fro2_nonneg m d (gradY n X Rm)). lra. Qed.

Lemma lossm_nonneg n m d A X Y : 0 <= lossm n m d A X Y.
Proof. unfold lossm. pose proof (sumn_nonneg n (fun i => sumn m (fun j => resm d A X Y i j ^ 2)) ltac:(intros; apply sumn_nonneg; intros; apply pow2_ge_0)). lra. Qed.

(* ---- limits of finite sums --------------------------------------------------- *)

Lemma lim_sumn r (u : nat -> nat -> R) (l : nat -> R) :
  (forall i, (i < r)%nat -> is_lim_seq (fun t => u t i) (l i)) -> is_lim_seq (fun t => sumn r (u t)) (sumn r l).
Proof.
  induction r as [|r IH]; intro H; simpl.
  - apply is_lim_seq_const.
  - apply is_lim_seq_plus'; [apply IH; intros; apply H; lia | apply H; lia].
Qed.

Definition mlim (r c : nat) (M : nat -> nat -> nat -> R) (Ml : nat -> nat -> R) : Prop :=
  forall i k, (i < r)%nat -> (k < c)%nat -> is_lim_seq (fun t => M t i k) (Ml i k).

Lemma lim_lossm n m d A (X Y : nat -> nat -> nat -> R) Xl Yl :
  mlim n d X Xl -> mlim m d Y Yl -> is_lim_seq (fun t => lossm n m d A (X t) (Y t)) (lossm n m d A Xl Yl).
Proof.
  intros HX HY. unfold lossm. apply is_lim_seq_div'; [| apply is_lim_seq_const | lra].
  apply lim_sumn. intros i Hi. apply (lim_sumn m (fun t j => resm d A (X t) (Y t) i j ^ 2)). intros j Hj.
  apply (is_lim_seq_ext (fun t => resm d A (X t) (Y t) i j * resm d A (X t) (Y t) i j)); [intro; ring |].
  replace (resm d A Xl Yl i j ^ 2) with (resm d A Xl Yl i j * resm d A Xl Yl i j) by ring.
  assert (L : is_lim_seq (fun t => resm d A (X t) (Y t) i j) (resm d A Xl Yl i j)).
  { unfold resm. apply is_lim_seq_minus'; [apply is_lim_seq_const |].
    apply (lim_sumn d (fun t k => X t i k * Y t j k)). intros k Hk. apply is_lim_seq_mult'; [apply HX | apply HY]; auto. }
  apply is_lim_seq_mult'; exact L.
Qed.

Lemma lim_fro2_diff r c (M : nat -> nat -> nat -> R) Ml Mc :
  mlim r c M Ml -> is_lim_seq (fun t => fro2 r c (fun i k => M t i k - Mc i k)) (fro2 r c (fun i k => Ml i k - Mc i k)).
Proof.
  intro H. unfold fro2. apply (lim_sumn r (fun t i => sumn c (fun k => (M t i k - Mc i k) ^ 2))). intros i Hi.
  apply (lim_sumn c (fun t k => (M t i k - Mc i k) ^ 2)). intros k Hk.
  apply (is_lim_seq_ext (fun t => (M t i k - Mc i k) * (M t i k - Mc i k))); [intro; ring |].
  replace ((Ml i k - Mc i k) ^ 2) with ((Ml i k - Mc i k) * (Ml i k - Mc i k)) by ring.
  assert (L : is_lim_seq (fun t => M t i k - Mc i k) (Ml i k - Mc i k))
    by (apply is_lim_seq_minus'; [apply H; auto | apply is_lim_seq_const]).
  apply is_lim_seq_mult'; exact L.
Qed.

Lemma lim_mdist2 n m d (X Y : nat -> nat -> nat -> R) Xl Yl Xc Yc :
  mlim n d X Xl -> mlim m d Y Yl ->
  is_lim_seq (fun t => mdist n m d (X t) (Y t) Xc Yc ^ 2) (mdist n m d Xl Yl Xc Yc ^ 2).
Proof.
  intros HX HY. unfold mdist, pnorm.
  assert (Pos : forall X' Y', 0 <= fro2 n d (fun i k => X' i k - Xc i k) + fro2 m d (fun j k => Y' j k - Yc j k)).
  { intros. pose proof (fro2_nonneg n d (fun i k => X' i k - Xc i k)). pose proof (fro2_nonneg m d (fun j k => Y' j k - Yc j k)). lra. }
  rewrite pow2_sqrt by apply Pos.
  apply (is_lim_seq_ext (fun t => fro2 n d (fun i k => X t i k - Xc i k) + fro2 m d (fun j k => Y t j k - Yc j k))).
  { intro t. rewrite pow2_sqrt by apply Pos. reflexivity. }
  apply is_lim_seq_plus'; apply lim_fro2_diff; assumption.
Qed.

(* a real sequence with |u_b - u_a| <= beta_a (a <= b), beta -> 0, converges *)
Lemma cauchy_real (u beta : nat -> R) :
  is_lim_seq beta 0 -> (forall a b, (a <= b)%nat -> Rabs (u b - u a) <= beta a) -> ex_finite_lim_seq u.
Proof.
  intros Hb Hc. apply ex_lim_seq_cauchy_corr. intro e. apply is_lim_seq_spec in Hb.
  destruct (Hb (mkposreal (e / 2) ltac:(pose proof (cond_pos e); lra))) as [N HN]. cbn in HN.
  exists N. intros a b Ha Hb'. specialize (HN N (le_n N)). rewrite Rminus_0_r in HN.
  pose proof (Hc N a Ha) as A. pose proof (Hc N b Hb') as B. pose proof (Rle_abs (beta N)).
  replace (u a - u b) with ((u a - u N) - (u b - u N)) by ring.
  eapply Rle_lt_trans; [apply Rabs_triang |]. rewrite Rabs_Ropp. lra.
Qed.

Lemma mdist_self n m d X Y : mdist n m d X Y X Y = 0.
Proof.
  unfold mdist, pnorm.
  rewrite (fro2_ext n d _ (fun i k => 0 * X i k)) by (intros; ring).
  rewrite (fro2_ext m d _ (fun j k => 0 * Y j k)) by (intros; ring).
  rewrite !fro2_scal. replace (0 ^ 2 * fro2 n d X + 0 ^ 2 * fro2 m d Y) with 0 by ring. apply sqrt_0.
Qed.

(* One step of GD from a state w: its length. *)
Lemma gd_step_len n m d A h X Y : 0 <= h ->
  mdist n m d (fst (gdm m n d A h (X, Y))) (snd (gdm m n d A h (X, Y))) X Y = h * sqrt (grad2 n m d X Y (resm d A X Y)).
Proof.
  intro Hh. unfold mdist, pnorm, gdm; cbn [fst snd].
  rewrite (fro2_ext n d _ (fun i k => h * gradX m Y (resm d A X Y) i k)) by (intros; ring).
  rewrite (fro2_ext m d _ (fun j k => h * gradY n X (resm d A X Y) j k)) by (intros; ring).
  rewrite !fro2_scal. unfold grad2.
  replace (h ^ 2 * fro2 n d (gradX m Y (resm d A X Y)) + h ^ 2 * fro2 m d (gradY n X (resm d A X Y)))
    with (h ^ 2 * (fro2 n d (gradX m Y (resm d A X Y)) + fro2 m d (gradY n X (resm d A X Y)))) by ring.
  rewrite sqrt_mult_alt by apply pow2_ge_0. rewrite sqrt_pow2 by exact Hh. reflexivity.
Qed.

(* Theorem (the tail of Lemma G, docs/math.md 7.4). On the ball
   B = {|z - c| <= rho} (|.| the Frobenius norm of (X, Y)): the Hessian form is at
   most L |v|^2, 2 mu f <= |grad f|^2 (PL) and |grad f|^2 <= 2 G^2 f; h > 0,
   h L < 2, q >= max(0, 1 - 2 mu h (1 - h L / 2)), sq >= sqrt q, sq < 1;
   |z_K - c| <= e, f(z_K) <= F and reach = e + h G sqrt(2 F) / (1 - sq) <= rho.
   Then every iterate from K on is within reach of c, f(z_{K+k}) <= q^k F,
   the iterates converge (every entry) to a point (Xi, Yi) with f = 0 within
   reach of c, where the Hessian form is at most L |v|^2. *)
Theorem lemma_G_tail (n m d : nat) (A : nat -> nat -> R) (h : R) (z : nat -> (nat -> nat -> R) * (nat -> nat -> R))
    (K : nat) (Xc Yc : nat -> nat -> R) (e rho L mu G q sq F : R) :
  (forall k, z (S k) = gdm m n d A h (z k)) ->
  0 < h -> h * L < 2 -> 0 <= G -> 0 <= q -> 1 - 2 * mu * h * (1 - h * L / 2) <= q -> q <= sq ^ 2 -> 0 <= sq -> sq < 1 ->
  mdist n m d (fst (z K)) (snd (z K)) Xc Yc <= e ->
  lossm n m d A (fst (z K)) (snd (z K)) <= F ->
  e + h * G * sqrt (2 * F) / (1 - sq) <= rho ->
  (forall X Y, mdist n m d X Y Xc Yc <= rho ->
     forall U V, hess_form_m n m d X Y (resm d A X Y) U V <= L * (fro2 n d U + fro2 m d V)) ->
  (forall X Y, mdist n m d X Y Xc Yc <= rho -> 2 * mu * lossm n m d A X Y <= grad2 n m d X Y (resm d A X Y)) ->
  (forall X Y, mdist n m d X Y Xc Yc <= rho -> grad2 n m d X Y (resm d A X Y) <= 2 * G ^ 2 * lossm n m d A X Y) ->
  (forall k, mdist n m d (fst (z (K + k)%nat)) (snd (z (K + k)%nat)) Xc Yc <= e + h * G * sqrt (2 * F) / (1 - sq)) /\
  (forall k, lossm n m d A (fst (z (K + k)%nat)) (snd (z (K + k)%nat)) <= q ^ k * F) /\
  exists Xi Yi,
    mlim n d (fun t => fst (z (K + t)%nat)) Xi /\ mlim m d (fun t => snd (z (K + t)%nat)) Yi /\
    lossm n m d A Xi Yi = 0 /\
    mdist n m d Xi Yi Xc Yc <= e + h * G * sqrt (2 * F) / (1 - sq) /\
    (forall U V, hess_form_m n m d Xi Yi (resm d A Xi Yi) U V <= L * (fro2 n d U + fro2 m d V)).
Proof.
  intros Hz Hh HhL HG Hq Hq1 Hqs Hs0 Hs1 HzK HfK Hreach HHess HPL HGr.
  set (H := h * G * sqrt (2 * F)).
  assert (HF : 0 <= F) by (pose proof (lossm_nonneg n m d A (fst (z K)) (snd (z K))); lra).
  assert (HH : 0 <= H) by (unfold H; apply Rmult_le_pos; [apply Rmult_le_pos; lra | apply sqrt_pos]).
  assert (H1s : 0 < 1 - sq) by lra.
  set (reach := e + H / (1 - sq)) in *.
  assert (Hrr : reach <= rho) by exact Hreach. clear Hreach.
  set (w := fun k => z (K + k)%nat).
  assert (Hw : forall k, w (S k) = gdm m n d A h (w k)).
  { intro k. unfold w. replace (K + S k)%nat with (S (K + k)) by lia. apply Hz. }
  set (D := fun k => mdist n m d (fst (w k)) (snd (w k)) Xc Yc).
  set (f := fun k => lossm n m d A (fst (w k)) (snd (w k))).
  set (g := fun k => grad2 n m d (fst (w k)) (snd (w k)) (resm d A (fst (w k)) (snd (w k)))).
  set (step := fun k => mdist n m d (fst (w (S k))) (snd (w (S k))) (fst (w k)) (snd (w k))).
  assert (Hstep : forall k, step k = h * sqrt (g k)).
  { intro k. unfold step, g. rewrite Hw. destruct (w k) as [X Y]. apply gd_step_len. lra. }
  assert (Hpow : forall k, 0 <= sq ^ k) by (intro; apply pow_le; exact Hs0).
  (* the invariant *)
  assert (Inv : forall k, D k <= e + H * (1 - sq ^ k) / (1 - sq) /\ f k <= q ^ k * F).
  { induction k as [|k [ID IF]].
    - unfold D, f, w. rewrite Nat.add_0_r. simpl. split; [| lra].
      replace (e + H * (1 - 1) / (1 - sq)) with e by (field; lra). exact HzK.
    - assert (HDk : D k <= reach).
      { unfold reach. eapply Rle_trans; [exact ID |]. apply Rplus_le_compat_l.
        unfold Rdiv. apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; lra |]. pose proof (Hpow k). nra. }
      assert (HB : D k <= rho) by lra.
      assert (Hf0 : 0 <= f k) by apply lossm_nonneg.
      assert (Hg0 : 0 <= g k) by apply grad2_nonneg.
      (* step length <= H sq^k *)
      assert (Hlen : h * sqrt (g k) <= H * sq ^ k).
      { assert (S1 : sqrt (g k) <= G * sqrt (2 * f k)).
        { rewrite <- (sqrt_pow2 G HG) at 1. rewrite <- sqrt_mult_alt by apply pow2_ge_0.
          apply sqrt_le_1_alt. unfold g, f. pose proof (HGr _ _ HB). lra. }
        assert (S2 : sqrt (2 * f k) <= sq ^ k * sqrt (2 * F)).
        { rewrite <- (sqrt_pow2 (sq ^ k) (Hpow k)) at 1. rewrite <- sqrt_mult_alt by apply pow2_ge_0.
          apply sqrt_le_1_alt.
          assert (Q : q ^ k <= (sq ^ k) ^ 2) by (rewrite <- pow_mult, Nat.mul_comm, pow_mult; apply pow_incr; lra).
          nra. }
        unfold H. pose proof (sqrt_pos (2 * f k)). pose proof (sqrt_pos (2 * F)).
        assert (sqrt (g k) <= G * (sq ^ k * sqrt (2 * F))) by (eapply Rle_trans; [exact S1 |]; apply Rmult_le_compat_l; lra).
        assert (h * sqrt (g k) <= h * (G * (sq ^ k * sqrt (2 * F)))) by (apply Rmult_le_compat_l; lra).
        lra. }
      (* the midpoint is in the ball too *)
      destruct (w k) as [X Y] eqn:Ewk.
      set (U := fun i k => h * gradX m Y (resm d A X Y) i k).
      set (V := fun j k => h * gradY n X (resm d A X Y) j k).
      set (Xm := fun i k => X i k + / 2 * U i k). set (Ym := fun j k => Y j k + / 2 * V j k).
      assert (Hmid : mdist n m d Xm Ym Xc Yc <= rho).
      { eapply Rle_trans; [apply (mdist_triangle n m d Xm Ym X Y Xc Yc) |].
        assert (E : mdist n m d Xm Ym X Y = / 2 * (h * sqrt (g k))).
        { unfold mdist, pnorm, Xm, Ym, U, V, g. rewrite Ewk; cbn [fst snd].
          rewrite (fro2_ext n d _ (fun i k => (/ 2 * h) * gradX m Y (resm d A X Y) i k)) by (intros; ring).
          rewrite (fro2_ext m d _ (fun j k => (/ 2 * h) * gradY n X (resm d A X Y) j k)) by (intros; ring).
          rewrite !fro2_scal. unfold grad2.
          replace ((/ 2 * h) ^ 2 * fro2 n d (gradX m Y (resm d A X Y)) + (/ 2 * h) ^ 2 * fro2 m d (gradY n X (resm d A X Y)))
            with ((/ 2 * h) ^ 2 * (fro2 n d (gradX m Y (resm d A X Y)) + fro2 m d (gradY n X (resm d A X Y)))) by ring.
          rewrite sqrt_mult_alt by apply pow2_ge_0. rewrite sqrt_pow2 by lra. ring. }
        rewrite E. assert (DX : D k = mdist n m d X Y Xc Yc) by (unfold D; rewrite Ewk; reflexivity).
        assert (H * (1 - sq ^ k) / (1 - sq) + / 2 * (H * sq ^ k) <= H / (1 - sq)).
        { apply Rmult_le_reg_r with (1 - sq); [lra |].
          replace ((H * (1 - sq ^ k) / (1 - sq) + / 2 * (H * sq ^ k)) * (1 - sq))
            with (H * (1 - sq ^ k) + / 2 * (H * sq ^ k) * (1 - sq)) by (field; lra).
          replace (H / (1 - sq) * (1 - sq)) with H by (field; lra).
          assert (P0 : 0 <= H * sq ^ k) by (apply Rmult_le_pos; [exact HH | apply Hpow]).
          assert (E0 : H * (1 - sq ^ k) + / 2 * (H * sq ^ k) * (1 - sq) - H = - (H * sq ^ k) * ((1 + sq) / 2)) by field.
          assert (0 <= (H * sq ^ k) * ((1 + sq) / 2)) by (apply Rmult_le_pos; lra).
          lra. }
        unfold reach in Hrr. lra. }
      assert (HBk : mdist n m d X Y Xc Yc <= rho) by (assert (DX : D k = mdist n m d X Y Xc Yc) by (unfold D; rewrite Ewk; reflexivity); lra).
      (* the descent lemma and PL *)
      pose proof (descent n m d A X Y U V L (HHess X Y HBk U V) (HHess Xm Ym Hmid U V)) as Desc.
      assert (Hv2 : fro2 n d U + fro2 m d V = h ^ 2 * g k).
      { unfold U, V, g. rewrite Ewk; cbn [fst snd]. rewrite !fro2_scal. unfold grad2. ring. }
      unfold U, V in Desc, Hv2. rewrite grad_dot in Desc. rewrite Hv2 in Desc.
      assert (Hpl : 2 * mu * f k <= g k) by (unfold f, g; rewrite Ewk; cbn [fst snd]; apply HPL, HBk).
      assert (Hnext : f (S k) <= q * f k).
      { unfold f at 1. rewrite Hw, Ewk. unfold gdm; cbn [fst snd].
        assert (Eg : g k = grad2 n m d X Y (resm d A X Y)) by (unfold g; rewrite Ewk; reflexivity).
        assert (E1 : lossm n m d A X Y = f k) by (unfold f; rewrite Ewk; reflexivity).
        rewrite E1 in Desc. rewrite <- Eg in Desc.
        assert (Hc : 0 <= h * (1 - h * L / 2)) by (apply Rmult_le_pos; lra).
        assert (h * (1 - h * L / 2) * (2 * mu * f k) <= h * (1 - h * L / 2) * g k) by (apply Rmult_le_compat_l; assumption).
        assert ((1 - 2 * mu * h * (1 - h * L / 2)) * f k <= q * f k) by (apply Rmult_le_compat_r; assumption).
        eapply Rle_trans; [exact Desc |]. nra. }
      split.
      + (* D (S k) <= D k + step k *)
        unfold D at 1. eapply Rle_trans; [apply (mdist_triangle n m d _ _ (fst (w k)) (snd (w k))) |].
        fold (step k). rewrite Hstep. unfold D in ID. rewrite Ewk in ID |- *. cbn [fst snd] in ID |- *.
        simpl pow.
        assert (H * (1 - sq ^ k) / (1 - sq) + H * sq ^ k = H * (1 - sq * sq ^ k) / (1 - sq)) by (field; lra).
        lra.
      + simpl pow. pose proof (Rmult_le_compat_l q _ _ Hq IF). lra. }
  (* in the ball; the loss *)
  assert (HDr : forall k, D k <= reach).
  { intro k. destruct (Inv k) as [ID _]. unfold reach. eapply Rle_trans; [exact ID |]. apply Rplus_le_compat_l.
    unfold Rdiv. apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; lra |]. pose proof (Hpow k). nra. }
  split; [exact HDr | split; [intro k; apply (Inv k) |]].
  (* the path: |w_b - w_a| <= H sq^a / (1 - sq) *)
  assert (Hlen : forall k, step k <= H * sq ^ k).
  { intro k. rewrite Hstep. destruct (Inv k) as [ID IF].
    assert (HB : D k <= rho) by (pose proof (HDr k); lra).
    assert (S1 : sqrt (g k) <= G * sqrt (2 * f k)).
    { rewrite <- (sqrt_pow2 G HG) at 1. rewrite <- sqrt_mult_alt by apply pow2_ge_0.
      apply sqrt_le_1_alt. unfold g, f. pose proof (HGr _ _ HB). lra. }
    assert (S2 : sqrt (2 * f k) <= sq ^ k * sqrt (2 * F)).
    { rewrite <- (sqrt_pow2 (sq ^ k) (Hpow k)) at 1. rewrite <- sqrt_mult_alt by apply pow2_ge_0.
      apply sqrt_le_1_alt.
      assert (Q : q ^ k <= (sq ^ k) ^ 2) by (rewrite <- pow_mult, Nat.mul_comm, pow_mult; apply pow_incr; lra).
      nra. }
    unfold H. pose proof (sqrt_pos (2 * f k)). pose proof (sqrt_pos (2 * F)).
    assert (sqrt (g k) <= G * (sq ^ k * sqrt (2 * F))) by (eapply Rle_trans; [exact S1 |]; apply Rmult_le_compat_l; lra).
    assert (h * sqrt (g k) <= h * (G * (sq ^ k * sqrt (2 * F)))) by (apply Rmult_le_compat_l; lra).
    lra. }
  assert (Hpath : forall a j, mdist n m d (fst (w (a + j)%nat)) (snd (w (a + j)%nat)) (fst (w a)) (snd (w a))
                              <= H * sq ^ a * (1 - sq ^ j) / (1 - sq)).
  { intros a j. induction j as [|j IH].
    - rewrite Nat.add_0_r, mdist_self. simpl. right. field. lra.
    - replace (a + S j)%nat with (S (a + j)) by lia.
      eapply Rle_trans; [apply (mdist_triangle n m d _ _ (fst (w (a + j)%nat)) (snd (w (a + j)%nat))) |].
      fold (step (a + j)%nat). pose proof (Hlen (a + j)%nat) as L1. rewrite pow_add in L1.
      assert (E : H * (sq ^ a * sq ^ j) + H * sq ^ a * (1 - sq ^ j) / (1 - sq) = H * sq ^ a * (1 - sq ^ S j) / (1 - sq))
        by (simpl; field; lra).
      lra. }
  set (beta := fun t => H * sq ^ t / (1 - sq)).
  assert (Hbeta : is_lim_seq beta 0).
  { unfold beta. replace 0 with (H * 0 / (1 - sq)) by (field; lra). apply is_lim_seq_div'; [| apply is_lim_seq_const | lra].
    apply is_lim_seq_mult'; [apply is_lim_seq_const | apply is_lim_seq_geom; rewrite Rabs_right; lra]. }
  assert (Hcb : forall a b, (a <= b)%nat ->
            mdist n m d (fst (w b)) (snd (w b)) (fst (w a)) (snd (w a)) <= beta a).
  { intros a b Hab. replace b with (a + (b - a))%nat by lia. eapply Rle_trans; [apply Hpath |].
    unfold beta. unfold Rdiv. apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; lra |].
    assert (0 <= H * sq ^ a) by (apply Rmult_le_pos; [exact HH | apply Hpow]).
    pose proof (Hpow (b - a)%nat). nra. }
  set (Xi := fun i k => real (Lim_seq (fun t => fst (w t) i k))).
  set (Yi := fun j k => real (Lim_seq (fun t => snd (w t) j k))).
  assert (LX : mlim n d (fun t => fst (w t)) Xi).
  { intros i k Hi Hk. unfold Xi. apply Lim_seq_correct'. apply (cauchy_real _ beta Hbeta).
    intros a b Hab. eapply Rle_trans; [apply (mdist_coord n m d _ (snd (w b)) _ (snd (w a)) i k Hi Hk) | apply Hcb, Hab]. }
  assert (LY : mlim m d (fun t => snd (w t)) Yi).
  { intros j k Hj Hk. unfold Yi. apply Lim_seq_correct'. apply (cauchy_real _ beta Hbeta).
    intros a b Hab. eapply Rle_trans; [apply (mdist_coordY n m d (fst (w b)) _ (fst (w a)) _ j k Hj Hk) | apply Hcb, Hab]. }
  exists Xi, Yi. split; [exact LX | split; [exact LY |]].
  assert (Hlim_in : mdist n m d Xi Yi Xc Yc <= reach).
  { pose proof (lim_mdist2 n m d _ _ Xi Yi Xc Yc LX LY) as L2.
    assert (R0 : 0 <= reach) by (pose proof (HDr 0%nat); assert (0 <= D 0%nat) by apply sqrt_pos; lra).
    assert (B : Rbar_le (mdist n m d Xi Yi Xc Yc ^ 2) (reach ^ 2)).
    { apply (is_lim_seq_le (fun t => mdist n m d (fst (w t)) (snd (w t)) Xc Yc ^ 2) (fun _ => reach ^ 2) _ _);
        [| exact L2 | apply is_lim_seq_const].
      intro t. apply pow_incr. split; [apply sqrt_pos | apply (HDr t)]. }
    cbn in B. apply Rsqr_incr_0_var; [unfold Rsqr; nra | exact R0]. }
  split; [| split; [exact Hlim_in |]].
  - pose proof (lim_lossm n m d A _ _ Xi Yi LX LY) as L1.
    assert (Lq : is_lim_seq (fun t => q ^ t * F) 0).
    { replace 0 with (0 * F) by ring. apply is_lim_seq_mult'; [| apply is_lim_seq_const].
      apply is_lim_seq_geom. rewrite Rabs_right by lra. assert (sq ^ 2 < 1) by nra. lra. }
    assert (B : Rbar_le (lossm n m d A Xi Yi) 0).
    { apply (is_lim_seq_le (fun t => lossm n m d A (fst (w t)) (snd (w t))) (fun t => q ^ t * F) _ _);
        [| exact L1 | exact Lq]. intro t. apply (Inv t). }
    cbn in B. pose proof (lossm_nonneg n m d A Xi Yi). lra.
  - apply HHess. lra.
Qed.

(* ---- the checker's quantities (gd.cpp lemma_g) ------------------------------ *)

Lemma fro_tri r c P Q :
  sqrt (fro2 r c (fun i k => P i k + Q i k)) <= sqrt (fro2 r c P) + sqrt (fro2 r c Q).
Proof.
  pose proof (pnorm_triangle r 0 c P (fun _ _ => 0) Q (fun _ _ => 0)) as T. unfold pnorm in T.
  replace (fro2 0 c (fun j k => 0 + 0)) with 0 in T by reflexivity.
  replace (fro2 0 c (fun _ _ => 0)) with 0 in T by reflexivity. rewrite !Rplus_0_r in T. exact T.
Qed.

Lemma fro_opp r c P : fro2 r c (fun i k => - P i k) = fro2 r c P.
Proof. rewrite (fro2_ext r c _ (fun i k => -1 * P i k)) by (intros; ring). rewrite fro2_scal. ring. Qed.

(* ||A B^T||_F <= ||A||_F ||B||_2 and <= ||A||_2 ||B||_F *)
Lemma fro_prod_r r c d (Am B : nat -> nat -> R) s : spec_bound c d B s ->
  fro2 r c (fun i j => sumn d (fun k => Am i k * B j k)) <= s ^ 2 * fro2 r d Am.
Proof.
  intros [Hs H]. unfold fro2. rewrite <- sumn_scal. apply sumn_le. intros i _.
  eapply Rle_trans; [| apply (H (fun k => Am i k))]. right. apply sumn_ext. intros j _. f_equal. apply sumn_ext. intros; ring.
Qed.

Lemma fro_prod_l r c d (Am B : nat -> nat -> R) s : spec_bound r d Am s ->
  fro2 r c (fun i j => sumn d (fun k => Am i k * B j k)) <= s ^ 2 * fro2 c d B.
Proof.
  intros [Hs H]. rewrite fro2_swap. unfold fro2. rewrite <- sumn_scal. apply sumn_le. intros j _.
  eapply Rle_trans; [| apply (H (fun k => B j k))]. right. apply sumn_ext. intros i _. f_equal.
Qed.

Lemma sqrt_le_of_sq x y : 0 <= y -> x <= y ^ 2 -> sqrt x <= y.
Proof. intros Hy H. rewrite <- (sqrt_pow2 y Hy). apply sqrt_le_1_alt. exact H. Qed.

(* Theorem (f <= F_K on the ball of radius e): ||R||_F <= ||R_c||_F + e (sx + sy) + e^2. *)
Theorem residual_fro (n m d : nat) (A X Y Xc Yc : nat -> nat -> R) (sx sy rc e : R) :
  spec_bound n d Xc sx -> spec_bound m d Yc sy -> sqrt (fro2 n m (resm d A Xc Yc)) <= rc -> 0 <= e ->
  fro2 n d (fun i k => X i k - Xc i k) <= e ^ 2 -> fro2 m d (fun j k => Y j k - Yc j k) <= e ^ 2 ->
  sqrt (fro2 n m (resm d A X Y)) <= rc + e * (sx + sy) + e ^ 2.
Proof.
  intros HX HY Hrc He HdX HdY.
  set (dX := fun i k => X i k - Xc i k). set (dY := fun j k => Y j k - Yc j k).
  set (T1 := fun i j => sumn d (fun k => dX i k * Yc j k)).
  set (T2 := fun i j => sumn d (fun k => Xc i k * dY j k)).
  set (T3 := fun i j => sumn d (fun k => dX i k * dY j k)).
  assert (E : fro2 n m (resm d A X Y) =
              fro2 n m (fun i j => resm d A Xc Yc i j + (- T1 i j + (- T2 i j + - T3 i j)))).
  { apply fro2_ext. intros i j _ _.
    assert (S : sumn d (fun k => X i k * Y j k) = sumn d (fun k => Xc i k * Yc j k) + T1 i j + T2 i j + T3 i j).
    { unfold T1, T2, T3, dX, dY. rewrite <- !sumn_plus. apply sumn_ext. intros; ring. }
    unfold resm. rewrite S. ring. }
  pose proof HX as [Hsx _]. pose proof HY as [Hsy _].
  assert (B1 : sqrt (fro2 n m T1) <= sy * e).
  { apply sqrt_le_of_sq; [apply Rmult_le_pos; lra |].
    eapply Rle_trans; [apply (fro_prod_r n m d dX Yc sy HY) |].
    replace ((sy * e) ^ 2) with (sy ^ 2 * e ^ 2) by ring. apply Rmult_le_compat_l; [apply pow2_ge_0 | exact HdX]. }
  assert (B2 : sqrt (fro2 n m T2) <= sx * e).
  { apply sqrt_le_of_sq; [apply Rmult_le_pos; lra |].
    eapply Rle_trans; [apply (fro_prod_l n m d Xc dY sx HX) |].
    replace ((sx * e) ^ 2) with (sx ^ 2 * e ^ 2) by ring. apply Rmult_le_compat_l; [apply pow2_ge_0 | exact HdY]. }
  assert (B3 : sqrt (fro2 n m T3) <= e ^ 2).
  { apply sqrt_le_of_sq; [apply pow2_ge_0 |].
    eapply Rle_trans; [apply (fro_prod_r n m d dX dY e (fro_spec m d dY e He HdY)) |].
    replace ((e ^ 2) ^ 2) with (e ^ 2 * e ^ 2) by ring. apply Rmult_le_compat_l; [apply pow2_ge_0 | exact HdX]. }
  rewrite E. eapply Rle_trans; [apply fro_tri |].
  eapply Rle_trans; [apply Rplus_le_compat_l, fro_tri |]. rewrite fro_opp.
  eapply Rle_trans; [apply Rplus_le_compat_l, Rplus_le_compat_l, fro_tri |]. rewrite !fro_opp.
  lra.
Qed.

Lemma mdist_parts n m d X Y Xc Yc r : 0 <= r -> mdist n m d X Y Xc Yc <= r ->
  fro2 n d (fun i k => X i k - Xc i k) <= r ^ 2 /\ fro2 m d (fun j k => Y j k - Yc j k) <= r ^ 2.
Proof.
  intros Hr H. unfold mdist, pnorm in H.
  pose proof (fro2_nonneg n d (fun i k => X i k - Xc i k)). pose proof (fro2_nonneg m d (fun j k => Y j k - Yc j k)).
  assert (S : fro2 n d (fun i k => X i k - Xc i k) + fro2 m d (fun j k => Y j k - Yc j k) <= r ^ 2).
  { rewrite <- (pow2_sqrt (fro2 n d (fun i k => X i k - Xc i k) + fro2 m d (fun j k => Y j k - Yc j k))) by lra.
    apply pow_incr. split; [apply sqrt_pos | exact H]. }
  split; lra.
Qed.

(* Theorem (Lemma G, exactly as lemma_g in proofs-check/gd.cpp checks it).
   At step K the exact state is in the ball B(c, e) (c = (Xc, Yc), the
   Frobenius norm of (X, Y)); sx, sy, sr bound ||Xc||_2, ||Yc||_2, ||R_c||_2,
   rc >= ||R_c||_F; sgx <= sigma_n(Xc) and sgy <= sigma_m(Yc) in the sense of
   low_bound (0 when the factor has more rows than columns); on the ball of
   radius P >= 0: L_B >= (sx + P)^2 + (sy + P)^2 + (sr + P (sx + sy) + P^2),
   h L_B < 2, G_B >= sx + sy + 2 P, mu_B <= (sgx - P)_+^2 + (sgy - P)_+^2,
   q >= max(0, 1 - 2 mu_B h (1 - h L_B / 2)), sq >= sqrt q (sq^2 >= q,
   sq >= 0), sq < 1, F_K >= (rc + e (sx + sy) + e^2)^2 / 2 and
   reach >= e + h G_B sqrt(2 F_K) / (1 - sq), reach <= P. Then every iterate
   from K on lies within reach of c, f(z_{K+k}) <= q^k F_K, and the iterates
   converge entrywise to (Xi, Yi) with f = 0, |(Xi, Yi) - c| <= reach and
   Hess f(Xi, Yi) <= L_B (so lambda_max <= L_B < 2/h). *)
Theorem lemma_G (n m d : nat) (A : nat -> nat -> R) (h : R) (z : nat -> (nat -> nat -> R) * (nat -> nat -> R))
    (K : nat) (Xc Yc : nat -> nat -> R) (e sx sy sr rc sgx sgy P LB muB GB q sq FK reach : R) :
  (forall k, z (S k) = gdm m n d A h (z k)) -> 0 < h ->
  mdist n m d (fst (z K)) (snd (z K)) Xc Yc <= e -> 0 <= e ->
  spec_bound n d Xc sx -> spec_bound m d Yc sy -> spec_bound n m (resm d A Xc Yc) sr ->
  sqrt (fro2 n m (resm d A Xc Yc)) <= rc ->
  low_bound n d Xc sgx -> low_bound m d Yc sgy ->
  0 <= P ->
  (sx + P) ^ 2 + (sy + P) ^ 2 + (sr + P * (sx + sy) + P ^ 2) <= LB -> h * LB < 2 ->
  sx + sy + 2 * P <= GB ->
  muB <= Rmax 0 (sgx - P) ^ 2 + Rmax 0 (sgy - P) ^ 2 ->
  Rmax 0 (1 - 2 * muB * h * (1 - h * LB / 2)) <= q -> q <= sq ^ 2 -> 0 <= sq -> sq < 1 ->
  (rc + e * (sx + sy) + e ^ 2) ^ 2 / 2 <= FK ->
  e + h * GB * sqrt (2 * FK) / (1 - sq) <= reach -> reach <= P ->
  (forall k, mdist n m d (fst (z (K + k)%nat)) (snd (z (K + k)%nat)) Xc Yc <= reach) /\
  (forall k, lossm n m d A (fst (z (K + k)%nat)) (snd (z (K + k)%nat)) <= q ^ k * FK) /\
  exists Xi Yi,
    mlim n d (fun t => fst (z (K + t)%nat)) Xi /\ mlim m d (fun t => snd (z (K + t)%nat)) Yi /\
    lossm n m d A Xi Yi = 0 /\ mdist n m d Xi Yi Xc Yc <= reach /\
    (forall U V, hess_form_m n m d Xi Yi (resm d A Xi Yi) U V <= LB * (fro2 n d U + fro2 m d V)).
Proof.
  intros Hz Hh HzK He HX HY HR Hrc LX LY HP HL HhL HG Hmu Hq Hqs Hs0 Hs1 HF Hreach HrP.
  pose proof HX as [Hsx _]. pose proof HY as [Hsy _]. pose proof HR as [Hsr _].
  assert (HG0 : 0 <= GB) by lra.
  assert (Hq0 : 0 <= q) by (eapply Rle_trans; [apply Rmax_l | exact Hq]).
  assert (Hq1 : 1 - 2 * muB * h * (1 - h * LB / 2) <= q) by (eapply Rle_trans; [apply Rmax_r | exact Hq]).
  (* f(z_K) <= F_K *)
  assert (HfK : lossm n m d A (fst (z K)) (snd (z K)) <= FK).
  { destruct (mdist_parts n m d _ _ Xc Yc e He HzK) as [P1 P2].
    pose proof (residual_fro n m d A (fst (z K)) (snd (z K)) Xc Yc sx sy rc e HX HY Hrc He P1 P2) as Rf.
    set (b := rc + e * (sx + sy) + e ^ 2) in *.
    assert (Hb : 0 <= b) by (pose proof (sqrt_pos (fro2 n m (resm d A (fst (z K)) (snd (z K))))); lra).
    assert (Sq : fro2 n m (resm d A (fst (z K)) (snd (z K))) <= b ^ 2).
    { rewrite <- (pow2_sqrt (fro2 n m (resm d A (fst (z K)) (snd (z K))))) by apply fro2_nonneg.
      apply pow_incr. split; [apply sqrt_pos | exact Rf]. }
    unfold lossm. change (sumn n (fun i => sumn m (fun j => resm d A (fst (z K)) (snd (z K)) i j ^ 2)))
      with (fro2 n m (resm d A (fst (z K)) (snd (z K)))). lra. }
  (* the three bounds on the ball of radius P *)
  assert (Parts : forall X Y, mdist n m d X Y Xc Yc <= P ->
            spec_bound n d X (sx + P) /\ spec_bound m d Y (sy + P) /\
            spec_bound n m (resm d A X Y) (sr + P * (sx + sy) + P ^ 2) /\
            low_bound n d X (Rmax 0 (sgx - P)) /\ low_bound m d Y (Rmax 0 (sgy - P))).
  { intros X Y HB. destruct (mdist_parts n m d X Y Xc Yc P HP HB) as [P1 P2].
    split; [| split; [| split; [| split]]].
    - apply (weyl_spec n d X Xc sx P HX HP P1).
    - apply (weyl_spec m d Y Yc sy P HY HP P2).
    - apply (residual_spec n m d A X Y Xc Yc sx sy sr P HX HY HR HP P1 P2).
    - apply (weyl_low n d X Xc sgx P LX HP P1).
    - apply (weyl_low m d Y Yc sgy P LY HP P2). }
  assert (Hfro : forall X Y, lossm n m d A X Y = fro2 n m (resm d A X Y) / 2) by reflexivity.
  destruct (lemma_G_tail n m d A h z K Xc Yc e P LB muB GB q sq FK Hz Hh HhL HG0 Hq0 Hq1 Hqs Hs0 Hs1 HzK HfK
              ltac:(lra)) as [C1 [C2 [Xi [Yi [L1 [L2 [L3 [L4 L5]]]]]]]].
  - intros X Y HB U V. destruct (Parts X Y HB) as [SX [SY [SR _]]].
    destruct (hessian_bound n m d X Y (resm d A X Y) U V _ _ _ SX SY (spec_bil _ _ _ _ SR)) as [_ Hup].
    eapply Rle_trans; [exact Hup |]. apply Rmult_le_compat_r; [| lra].
    pose proof (fro2_nonneg n d U). pose proof (fro2_nonneg m d V). lra.
  - intros X Y HB. destruct (Parts X Y HB) as [_ [_ [_ [WX WY]]]].
    pose proof (pl_inequality n m d X Y (resm d A X Y) _ _ WX WY) as PL.
    rewrite Hfro. pose proof (fro2_nonneg n m (resm d A X Y)).
    assert (muB * fro2 n m (resm d A X Y) <= (Rmax 0 (sgx - P) ^ 2 + Rmax 0 (sgy - P) ^ 2) * fro2 n m (resm d A X Y))
      by (apply Rmult_le_compat_r; assumption).
    lra.
  - intros X Y HB. destruct (Parts X Y HB) as [SX [SY _]].
    pose proof (grad_bound n m d X Y (resm d A X Y) _ _ SX SY) as GBd.
    rewrite Hfro. pose proof (fro2_nonneg n m (resm d A X Y)).
    assert (0 <= sx + P + (sy + P)) by lra.
    assert ((sx + P + (sy + P)) ^ 2 <= GB ^ 2) by (apply pow_incr; lra).
    assert ((sx + P + (sy + P)) ^ 2 * fro2 n m (resm d A X Y) <= GB ^ 2 * fro2 n m (resm d A X Y))
      by (apply Rmult_le_compat_r; assumption).
    lra.
  - split; [intro k; eapply Rle_trans; [apply C1 | lra] |]. split; [exact C2 |].
    exists Xi, Yi. repeat split; auto. lra.
Qed.
