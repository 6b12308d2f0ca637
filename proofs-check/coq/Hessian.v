(* The matrix family's Hessian bound (docs/math.md section 7.2, docs/checker.md
   Lemma 1, matrix case): for f = 1/2 ||A - X Y^T||_F^2 the Hessian form
   Q(U, V) = ||U Y^T + X V^T||_F^2 - 2 <R, U V^T> satisfies
   -||R||_2 (|U|^2 + |V|^2) <= Q(U, V) <= (||X||_2^2 + ||Y||_2^2 + ||R||_2) (|U|^2 + |V|^2).
   Matrices are functions nat -> nat -> R (row, column); X: n x d, Y: m x d,
   R: n x m, U: n x d, V: m x d. The spectral norms enter through their
   definition: sx >= ||X||_2 means |X w| <= sx |w| for every w. *)
Require Import Reals Lra Lia.
Require Import LrCert.Reduction.
Open Scope R_scope.

Fixpoint sumn (n : nat) (f : nat -> R) : R :=
  match n with O => 0 | S k => sumn k f + f k end.

Lemma sumn_ext n f g : (forall i, (i < n)%nat -> f i = g i) -> sumn n f = sumn n g.
Proof.
  induction n; intro H; simpl; [reflexivity |].
  rewrite IHn by (intros; apply H; lia). rewrite (H n) by lia. reflexivity.
Qed.

Lemma sumn_le n f g : (forall i, (i < n)%nat -> f i <= g i) -> sumn n f <= sumn n g.
Proof.
  induction n; intro H; simpl; [lra |].
  pose proof (IHn ltac:(intros; apply H; lia)). pose proof (H n ltac:(lia)). lra.
Qed.

Lemma sumn_plus n f g : sumn n (fun i => f i + g i) = sumn n f + sumn n g.
Proof. induction n; simpl; [ring | rewrite IHn; ring]. Qed.

Lemma sumn_scal n a f : sumn n (fun i => a * f i) = a * sumn n f.
Proof. induction n; simpl; [ring | rewrite IHn; ring]. Qed.

Lemma sumn_nonneg n f : (forall i, (i < n)%nat -> 0 <= f i) -> 0 <= sumn n f.
Proof. intro H. replace 0 with (sumn n (fun _ => 0)) by (induction n; simpl; [ring | rewrite IHn by (intros; apply H; lia); ring]).
  apply sumn_le. exact H. Qed.

Lemma sumn_swap n m (f : nat -> nat -> R) :
  sumn n (fun i => sumn m (fun j => f i j)) = sumn m (fun j => sumn n (fun i => f i j)).
Proof.
  induction n; simpl.
  - induction m; simpl; [reflexivity | rewrite <- IHm; ring].
  - rewrite IHn. rewrite <- sumn_plus. reflexivity.
Qed.

Lemma sumn_abs n f : Rabs (sumn n f) <= sumn n (fun i => Rabs (f i)).
Proof.
  induction n; simpl; [rewrite Rabs_R0; lra |].
  eapply Rle_trans; [apply Rabs_triang | lra].
Qed.

Lemma dot_sumn d x y : dot d x y = sumn d (fun k => x k * y k).
Proof. induction d; simpl; [reflexivity | rewrite IHd; reflexivity]. Qed.

(* Cauchy-Schwarz from the discriminant of a nonnegative quadratic. *)
Lemma discriminant A B C : (forall t, 0 <= A - 2 * t * B + t ^ 2 * C) -> B ^ 2 <= A * C.
Proof.
  intro H.
  assert (HA : 0 <= A) by (pose proof (H 0); lra).
  assert (HC : 0 <= C).
  { destruct (Rle_dec 0 C) as [|N]; [assumption |]. exfalso.
    set (t := 1 + (2 * Rabs B + A + 1) * / (- C)).
    assert (Hi : 0 <= (2 * Rabs B + A + 1) * / (- C))
      by (apply Rmult_le_pos; [pose proof (Rabs_pos B); lra | left; apply Rinv_0_lt_compat; lra]).
    assert (T1 : 1 <= t) by (unfold t; lra).
    assert (Ht : t * (- C) >= 2 * Rabs B + A + 1).
    { unfold t. rewrite Rmult_plus_distr_r. rewrite Rmult_assoc, Rinv_l by lra. lra. }
    pose proof (H t) as P. pose proof (Rle_abs B). pose proof (Rle_abs (- B)). rewrite Rabs_Ropp in *.
    assert (t * (- B) <= t * Rabs B) by (apply Rmult_le_compat_l; lra).
    assert (t * t * (- C) >= t * (2 * Rabs B + A + 1)) by (rewrite Rmult_assoc; apply Rle_ge, Rmult_le_compat_l; lra).
    assert (t * A >= A) by (pose proof (Rmult_le_compat_r A 1 t HA T1); lra).
    replace (t ^ 2 * C) with (- (t * t * (- C))) in P by ring. lra. }
  destruct (Req_dec C 0) as [Z|NZ].
  - subst C. destruct (Req_dec B 0) as [->|NB]; [lra |].
    pose proof (H ((A + 1) / (2 * B))) as P. replace (A - 2 * ((A + 1) / (2 * B)) * B + ((A + 1) / (2 * B)) ^ 2 * 0) with (- 1) in P by (field; lra). lra.
  - pose proof (H (B / C)) as P.
    replace (A - 2 * (B / C) * B + (B / C) ^ 2 * C) with ((A * C - B ^ 2) / C) in P by (field; lra).
    assert (0 < C) by lra.
    apply Rmult_le_compat_r with (r := C) in P; [| lra]. replace ((A * C - B ^ 2) / C * C) with (A * C - B ^ 2) in P by (field; lra). lra.
Qed.

Lemma cs_sumn n f g : (sumn n (fun i => f i * g i)) ^ 2 <= sumn n (fun i => f i ^ 2) * sumn n (fun i => g i ^ 2).
Proof.
  apply discriminant. intro t.
  replace (sumn n (fun i => f i ^ 2) - 2 * t * sumn n (fun i => f i * g i) + t ^ 2 * sumn n (fun i => g i ^ 2))
    with (sumn n (fun i => (f i - t * g i) ^ 2)).
  - apply sumn_nonneg. intros; apply pow2_ge_0.
  - transitivity (sumn n (fun i => f i ^ 2 + ((-2 * t) * (f i * g i) + t ^ 2 * g i ^ 2))).
    + apply sumn_ext. intros; ring.
    + rewrite !sumn_plus, !sumn_scal. ring.
Qed.

Lemma cs_sumn2 n m f g :
  (sumn n (fun i => sumn m (fun j => f i j * g i j))) ^ 2 <=
  sumn n (fun i => sumn m (fun j => f i j ^ 2)) * sumn n (fun i => sumn m (fun j => g i j ^ 2)).
Proof.
  apply discriminant. intro t.
  replace (sumn n (fun i => sumn m (fun j => f i j ^ 2)) - 2 * t * sumn n (fun i => sumn m (fun j => f i j * g i j))
           + t ^ 2 * sumn n (fun i => sumn m (fun j => g i j ^ 2)))
    with (sumn n (fun i => sumn m (fun j => (f i j - t * g i j) ^ 2))).
  - apply sumn_nonneg. intros. apply sumn_nonneg. intros; apply pow2_ge_0.
  - transitivity (sumn n (fun i => sumn m (fun j => f i j ^ 2) +
                   ((-2 * t) * sumn m (fun j => f i j * g i j) + t ^ 2 * sumn m (fun j => g i j ^ 2)))).
    + apply sumn_ext. intros i _. rewrite <- !sumn_scal, <- !sumn_plus. apply sumn_ext. intros; ring.
    + rewrite !sumn_plus, !sumn_scal. ring.
Qed.

(* |B| <= sqrt A sqrt C from B^2 <= A C *)
Lemma abs_le_sqrt A B C : 0 <= A -> 0 <= C -> B ^ 2 <= A * C -> Rabs B <= sqrt A * sqrt C.
Proof.
  intros HA HC H. rewrite <- sqrt_mult_alt by lra. rewrite <- sqrt_Rsqr_abs. apply sqrt_le_1_alt.
  unfold Rsqr. lra.
Qed.

Lemma abs_between x y : Rabs x <= y -> - y <= x <= y.
Proof. unfold Rabs; destruct (Rcase_abs x); intro; split; lra. Qed.

Definition fro2 (n d : nat) (M : nat -> nat -> R) : R := sumn n (fun i => sumn d (fun k => M i k ^ 2)).

(* The Hessian form Q(U, V) = ||U Y^T + X V^T||_F^2 - 2 <R, U V^T>. *)
Definition jac (d : nat) (X Y U V : nat -> nat -> R) (i j : nat) : R :=
  sumn d (fun k => U i k * Y j k) + sumn d (fun k => X i k * V j k).   (* (U Y^T + X V^T)_ij *)
Definition uvt (d : nat) (U V : nat -> nat -> R) (i j : nat) : R := sumn d (fun k => U i k * V j k).
Definition hess_form_m (n m d : nat) (X Y Rm U V : nat -> nat -> R) : R :=
  sumn n (fun i => sumn m (fun j => jac d X Y U V i j ^ 2))
  - 2 * sumn n (fun i => sumn m (fun j => Rm i j * uvt d U V i j)).

(* sx >= ||M||_2 (M: r x c), by the definition of the spectral norm. *)
Definition spec_bound (r c : nat) (M : nat -> nat -> R) (s : R) : Prop :=
  0 <= s /\ forall w, sumn r (fun i => sumn c (fun k => M i k * w k) ^ 2) <= s ^ 2 * sumn c (fun k => w k ^ 2).

(* sr >= ||R||_2 as a bilinear form: |u^T R v| <= sr |u| |v|. *)
Definition bil_bound (n m : nat) (Rm : nat -> nat -> R) (s : R) : Prop :=
  0 <= s /\ forall u v, Rabs (sumn n (fun i => u i * sumn m (fun j => Rm i j * v j))) <=
              s * sqrt (sumn n (fun i => u i ^ 2)) * sqrt (sumn m (fun j => v j ^ 2)).

Lemma fro2_nonneg n d M : 0 <= fro2 n d M.
Proof. unfold fro2. apply sumn_nonneg; intros; apply sumn_nonneg; intros; apply pow2_ge_0. Qed.

Theorem hessian_bound (n m d : nat) (X Y Rm U V : nat -> nat -> R) (sx sy sr : R) :
  spec_bound n d X sx -> spec_bound m d Y sy -> bil_bound n m Rm sr ->
  - sr * (fro2 n d U + fro2 m d V) <= hess_form_m n m d X Y Rm U V /\
  hess_form_m n m d X Y Rm U V <= (sx ^ 2 + sy ^ 2 + sr) * (fro2 n d U + fro2 m d V).
Proof.
  intros [Hsx HX] [Hsy HY] [Hsr HR].
  set (a := fun i j => sumn d (fun k => U i k * Y j k)).
  set (b := fun i j => sumn d (fun k => X i k * V j k)).
  set (P := sumn n (fun i => sumn m (fun j => a i j ^ 2))).
  set (Qx := sumn n (fun i => sumn m (fun j => b i j ^ 2))).
  set (NU := fro2 n d U). set (NV := fro2 m d V).
  assert (HNU : 0 <= NU) by apply fro2_nonneg. assert (HNV : 0 <= NV) by apply fro2_nonneg.
  (* ||U Y^T||_F^2 <= sy^2 ||U||_F^2 *)
  assert (HP : P <= sy ^ 2 * NU).
  { unfold P, NU, fro2. rewrite <- sumn_scal. apply sumn_le. intros i _.
    eapply Rle_trans; [| apply (HY (fun k => U i k))].
    right. apply sumn_ext. intros j _. unfold a. f_equal. apply sumn_ext. intros; ring. }
  (* ||X V^T||_F^2 <= sx^2 ||V||_F^2 *)
  assert (HQ : Qx <= sx ^ 2 * NV).
  { unfold Qx, NV, fro2. rewrite (sumn_swap n m (fun i j => b i j ^ 2)). rewrite <- sumn_scal. apply sumn_le. intros j _.
    apply (HX (fun k => V j k)). }
  assert (HP0 : 0 <= P) by (unfold P; apply sumn_nonneg; intros; apply sumn_nonneg; intros; apply pow2_ge_0).
  assert (HQ0 : 0 <= Qx) by (unfold Qx; apply sumn_nonneg; intros; apply sumn_nonneg; intros; apply pow2_ge_0).
  (* ||U Y^T + X V^T||_F^2 <= (sqrt P + sqrt Qx)^2 <= (sy |U| + sx |V|)^2 <= (sx^2 + sy^2)(|U|^2 + |V|^2) *)
  set (J := sumn n (fun i => sumn m (fun j => (a i j + b i j) ^ 2))).
  assert (HJ : J = P + 2 * sumn n (fun i => sumn m (fun j => a i j * b i j)) + Qx).
  { unfold J, P, Qx. rewrite <- sumn_scal. rewrite <- !sumn_plus. apply sumn_ext. intros i _.
    rewrite <- sumn_scal. rewrite <- !sumn_plus. apply sumn_ext. intros; ring. }
  assert (Hcross : Rabs (sumn n (fun i => sumn m (fun j => a i j * b i j))) <= sqrt P * sqrt Qx)
    by (apply abs_le_sqrt; auto; apply cs_sumn2).
  assert (HsP : sqrt P <= sy * sqrt NU).
  { rewrite <- (sqrt_pow2 sy Hsy), <- sqrt_mult_alt by nra. apply sqrt_le_1_alt. exact HP. }
  assert (HsQ : sqrt Qx <= sx * sqrt NV).
  { rewrite <- (sqrt_pow2 sx Hsx), <- sqrt_mult_alt by nra. apply sqrt_le_1_alt. exact HQ. }
  assert (EP : sqrt P ^ 2 = P) by (apply pow2_sqrt; lra).
  assert (EQ : sqrt Qx ^ 2 = Qx) by (apply pow2_sqrt; lra).
  assert (ENU : sqrt NU ^ 2 = NU) by (apply pow2_sqrt; lra).
  assert (ENV : sqrt NV ^ 2 = NV) by (apply pow2_sqrt; lra).
  pose proof (sqrt_pos P). pose proof (sqrt_pos Qx). pose proof (sqrt_pos NU). pose proof (sqrt_pos NV).
  assert (HJb : J <= (sx ^ 2 + sy ^ 2) * (NU + NV)).
  { apply Rle_trans with ((sqrt P + sqrt Qx) ^ 2).
    - rewrite HJ. apply abs_between in Hcross. nra.
    - apply Rle_trans with ((sy * sqrt NU + sx * sqrt NV) ^ 2).
      + apply pow_incr. split; lra.
      + pose proof (pow2_ge_0 (sx * sqrt NU - sy * sqrt NV)). nra. }
  (* |<R, U V^T>| <= sr |U| |V| <= sr (|U|^2 + |V|^2) / 2 *)
  set (T := sumn n (fun i => sumn m (fun j => Rm i j * sumn d (fun k => U i k * V j k)))).
  assert (ET : T = sumn d (fun k => sumn n (fun i => U i k * sumn m (fun j => Rm i j * V j k)))).
  { unfold T.
    transitivity (sumn n (fun i => sumn m (fun j => sumn d (fun k => U i k * (Rm i j * V j k))))).
    { apply sumn_ext; intros i _; apply sumn_ext; intros j _. rewrite <- sumn_scal. apply sumn_ext; intros; ring. }
    transitivity (sumn n (fun i => sumn d (fun k => sumn m (fun j => U i k * (Rm i j * V j k))))).
    { apply sumn_ext; intros i _. apply sumn_swap. }
    rewrite sumn_swap. apply sumn_ext; intros k _. apply sumn_ext; intros i _.
    rewrite <- sumn_scal. reflexivity. }
  set (cu := fun k => sqrt (sumn n (fun i => U i k ^ 2))).
  set (cv := fun k => sqrt (sumn m (fun j => V j k ^ 2))).
  assert (HT : Rabs T <= sr * sqrt NU * sqrt NV).
  { rewrite ET. eapply Rle_trans; [apply sumn_abs |].
    eapply Rle_trans; [apply (sumn_le d _ (fun k => sr * (cu k * cv k))); intros k _; unfold cu, cv;
                       rewrite <- Rmult_assoc; apply (HR (fun i => U i k) (fun j => V j k)) |].
    rewrite sumn_scal. rewrite Rmult_assoc. apply Rmult_le_compat_l; [exact Hsr |].
    assert (Ecu : sumn d (fun k => cu k ^ 2) = NU).
    { unfold NU, fro2. rewrite (sumn_swap n d (fun i k => U i k ^ 2)). apply sumn_ext. intros k _.
      unfold cu. apply pow2_sqrt. apply sumn_nonneg; intros; apply pow2_ge_0. }
    assert (Ecv : sumn d (fun k => cv k ^ 2) = NV).
    { unfold NV, fro2. rewrite (sumn_swap m d (fun j k => V j k ^ 2)). apply sumn_ext. intros k _.
      unfold cv. apply pow2_sqrt. apply sumn_nonneg; intros; apply pow2_ge_0. }
    rewrite <- Ecu, <- Ecv. eapply Rle_trans; [apply Rle_abs |].
    apply abs_le_sqrt; [apply sumn_nonneg; intros; apply pow2_ge_0 | apply sumn_nonneg; intros; apply pow2_ge_0 |].
    apply cs_sumn. }
  assert (EH : hess_form_m n m d X Y Rm U V = J - 2 * T) by reflexivity.
  rewrite EH. fold NU NV.
  assert (AM : 2 * (sqrt NU * sqrt NV) <= NU + NV) by (pose proof (pow2_ge_0 (sqrt NU - sqrt NV)); nra).
  assert (HJ0 : 0 <= J) by (unfold J; apply sumn_nonneg; intros; apply sumn_nonneg; intros; apply pow2_ge_0).
  apply abs_between in HT.
  assert (sr * (2 * (sqrt NU * sqrt NV)) <= sr * (NU + NV)) by (apply Rmult_le_compat_l; lra).
  split; nra.
Qed.

(* A spectral-norm bound gives the bilinear one: |u^T R v| <= |u| |R v| <= sr |u| |v|. *)
Lemma spec_bil n m Rm s : spec_bound n m Rm s -> bil_bound n m Rm s.
Proof.
  intros [Hs H]. split; [exact Hs |]. intros u v.
  eapply Rle_trans.
  - apply abs_le_sqrt; [apply sumn_nonneg; intros; apply pow2_ge_0 | apply sumn_nonneg; intros; apply pow2_ge_0 |].
    apply (cs_sumn n u (fun i => sumn m (fun j => Rm i j * v j))).
  - assert (Hrv : sqrt (sumn n (fun i => sumn m (fun j => Rm i j * v j) ^ 2)) <= s * sqrt (sumn m (fun j => v j ^ 2))).
    { rewrite <- (sqrt_pow2 s Hs) at 1. rewrite <- sqrt_mult_alt by (apply pow2_ge_0).
      apply sqrt_le_1_alt. apply H. }
    replace (s * sqrt (sumn n (fun i => u i ^ 2)) * sqrt (sumn m (fun j => v j ^ 2)))
      with (sqrt (sumn n (fun i => u i ^ 2)) * (s * sqrt (sumn m (fun j => v j ^ 2)))) by ring.
    apply Rmult_le_compat_l; [apply sqrt_pos | exact Hrv].
Qed.

(* The exact expansion of f = 1/2 ||A - X Y^T||_F^2 along (U, V): Q is the Hessian
   form (docs/math.md section 1), with R = A - X Y^T. *)
Definition resm (d : nat) (A X Y : nat -> nat -> R) : nat -> nat -> R :=
  fun i j => A i j - sumn d (fun k => X i k * Y j k).
Definition lossm (n m d : nat) (A X Y : nat -> nat -> R) : R :=
  sumn n (fun i => sumn m (fun j => resm d A X Y i j ^ 2)) / 2.

Lemma hessian_expansion_m (n m d : nat) (A X Y U V : nat -> nat -> R) (t : R) :
  let Rm := resm d A X Y in
  lossm n m d A (fun i k => X i k + t * U i k) (fun j k => Y j k + t * V j k) =
  lossm n m d A X Y + t * (- sumn n (fun i => sumn m (fun j => Rm i j * jac d X Y U V i j)))
  + t ^ 2 / 2 * hess_form_m n m d X Y Rm U V
  + t ^ 3 * sumn n (fun i => sumn m (fun j => jac d X Y U V i j * uvt d U V i j))
  + t ^ 4 * (sumn n (fun i => sumn m (fun j => uvt d U V i j ^ 2)) / 2).
Proof.
  intros Rm.
  assert (E : forall i j, resm d A (fun i k => X i k + t * U i k) (fun j k => Y j k + t * V j k) i j =
                          Rm i j - t * jac d X Y U V i j - t ^ 2 * uvt d U V i j).
  { intros i j. unfold resm, Rm, jac, uvt.
    transitivity (A i j - sumn d (fun k => X i k * Y j k + (t * (U i k * Y j k) + (t * (X i k * V j k) + t ^ 2 * (U i k * V j k))))).
    - f_equal. apply sumn_ext. intros; ring.
    - rewrite !sumn_plus, !sumn_scal. unfold resm. ring. }
  unfold lossm, hess_form_m. fold Rm.
  transitivity (sumn n (fun i => sumn m (fun j => Rm i j ^ 2 + ((-2 * t) * (Rm i j * jac d X Y U V i j) +
                   (t ^ 2 * (jac d X Y U V i j ^ 2 + (-2) * (Rm i j * uvt d U V i j)) +
                    (2 * t ^ 3 * (jac d X Y U V i j * uvt d U V i j) + t ^ 4 * uvt d U V i j ^ 2))))) / 2).
  - f_equal. apply sumn_ext. intros i _. apply sumn_ext. intros j _. rewrite E. ring.
  - assert (S1 : forall (f : nat -> nat -> R) (g : nat -> nat -> R),
               sumn n (fun i => sumn m (fun j => f i j + g i j)) =
               sumn n (fun i => sumn m (fun j => f i j)) + sumn n (fun i => sumn m (fun j => g i j))).
    { intros f g. rewrite <- sumn_plus. apply sumn_ext. intros; apply sumn_plus. }
    assert (S2 : forall (k : R) (f : nat -> nat -> R),
               sumn n (fun i => sumn m (fun j => k * f i j)) = k * sumn n (fun i => sumn m (fun j => f i j))).
    { intros k f. rewrite <- sumn_scal. apply sumn_ext. intros; apply sumn_scal. }
    repeat (rewrite S1 || rewrite S2). field.
Qed.

(* Over a ball (docs/math.md 7.1): if ||M - Mc||_F <= e and s >= ||Mc||_2 then
   s + e >= ||M||_2 (|M w| <= |Mc w| + |(M - Mc) w| <= (s + e) |w|). *)
Definition vnorm (r : nat) (f : nat -> R) : R := sqrt (sumn r (fun i => f i ^ 2)).

Lemma vnorm_triangle r f g : vnorm r (fun i => f i + g i) <= vnorm r f + vnorm r g.
Proof.
  unfold vnorm.
  assert (Hf : 0 <= sumn r (fun i => f i ^ 2)) by (apply sumn_nonneg; intros; apply pow2_ge_0).
  assert (Hg : 0 <= sumn r (fun i => g i ^ 2)) by (apply sumn_nonneg; intros; apply pow2_ge_0).
  assert (Hfg : 0 <= sumn r (fun i => (f i + g i) ^ 2)) by (apply sumn_nonneg; intros; apply pow2_ge_0).
  pose proof (abs_le_sqrt _ _ _ Hf Hg (cs_sumn r f g)) as CS. apply abs_between in CS.
  apply Rsqr_incr_0_var; [| pose proof (sqrt_pos (sumn r (fun i => f i ^ 2))); pose proof (sqrt_pos (sumn r (fun i => g i ^ 2))); lra].
  unfold Rsqr. rewrite sqrt_sqrt by exact Hfg.
  replace (sumn r (fun i => (f i + g i) ^ 2)) with
    (sumn r (fun i => f i ^ 2) + 2 * sumn r (fun i => f i * g i) + sumn r (fun i => g i ^ 2)).
  - pose proof (sqrt_sqrt _ Hf). pose proof (sqrt_sqrt _ Hg). nra.
  - rewrite <- sumn_scal, <- !sumn_plus. apply sumn_ext. intros; ring.
Qed.

Theorem weyl_spec (r c : nat) (M Mc : nat -> nat -> R) (s e : R) :
  spec_bound r c Mc s -> 0 <= e -> fro2 r c (fun i k => M i k - Mc i k) <= e ^ 2 ->
  spec_bound r c M (s + e).
Proof.
  intros [Hs H] He HD. split; [lra |]. intro w.
  set (W := sumn c (fun k => w k ^ 2)).
  assert (HW : 0 <= W) by (apply sumn_nonneg; intros; apply pow2_ge_0).
  set (Mw := fun i => sumn c (fun k => M i k * w k)).
  set (Cw := fun i => sumn c (fun k => Mc i k * w k)).
  set (Dw := fun i => sumn c (fun k => (M i k - Mc i k) * w k)).
  assert (Split : forall i, Mw i = Cw i + Dw i).
  { intro i. unfold Mw, Cw, Dw. rewrite <- sumn_plus. apply sumn_ext. intros; ring. }
  assert (HC : vnorm r Cw <= s * sqrt W).
  { unfold vnorm. rewrite <- (sqrt_pow2 s Hs), <- sqrt_mult_alt by apply pow2_ge_0. apply sqrt_le_1_alt. apply H. }
  assert (HDw : vnorm r Dw <= e * sqrt W).
  { unfold vnorm. rewrite <- (sqrt_pow2 e He), <- sqrt_mult_alt by apply pow2_ge_0. apply sqrt_le_1_alt.
    apply Rle_trans with (sumn r (fun i => sumn c (fun k => (M i k - Mc i k) ^ 2) * W)).
    - apply sumn_le. intros i _. unfold Dw. apply cs_sumn.
    - rewrite (sumn_ext r _ (fun i => W * sumn c (fun k => (M i k - Mc i k) ^ 2))) by (intros; ring).
      rewrite sumn_scal. rewrite Rmult_comm. apply Rmult_le_compat_r; [exact HW | exact HD]. }
  assert (HM : vnorm r Mw <= (s + e) * sqrt W).
  { assert (E : vnorm r Mw = vnorm r (fun i => Cw i + Dw i))
      by (unfold vnorm; f_equal; apply sumn_ext; intros i _; rewrite Split; reflexivity).
    rewrite E. eapply Rle_trans; [apply vnorm_triangle | lra]. }
  assert (HM2 : sumn r (fun i => Mw i ^ 2) = vnorm r Mw ^ 2)
    by (unfold vnorm; rewrite pow2_sqrt; [reflexivity | apply sumn_nonneg; intros; apply pow2_ge_0]).
  change (sumn r (fun i => Mw i ^ 2) <= (s + e) ^ 2 * W). rewrite HM2.
  replace ((s + e) ^ 2 * W) with (((s + e) * sqrt W) ^ 2) by (rewrite Rpow_mult_distr, pow2_sqrt by exact HW; reflexivity).
  apply pow_incr. split; [unfold vnorm; apply sqrt_pos | exact HM].
Qed.

(* ||M^T||_2 = ||M||_2: |M^T w|^2 = w . M (M^T w) <= |w| s |M^T w|. *)
Theorem spec_transpose (r c : nat) (M : nat -> nat -> R) (s : R) :
  spec_bound r c M s -> spec_bound c r (fun k i => M i k) s.
Proof.
  intros [Hs H]. split; [exact Hs |]. intro w.
  set (v := fun k => sumn r (fun i => M i k * w i)).   (* M^T w *)
  set (V2 := sumn c (fun k => v k ^ 2)). set (W2 := sumn r (fun i => w i ^ 2)).
  assert (HV : 0 <= V2) by (apply sumn_nonneg; intros; apply pow2_ge_0).
  assert (HW : 0 <= W2) by (apply sumn_nonneg; intros; apply pow2_ge_0).
  (* V2 = sum_i w_i (M v)_i *)
  assert (E : V2 = sumn r (fun i => w i * sumn c (fun k => M i k * v k))).
  { unfold V2.
    transitivity (sumn c (fun k => sumn r (fun i => w i * (M i k * v k)))).
    - apply sumn_ext. intros k _.
      replace (v k ^ 2) with (v k * v k) by ring. unfold v at 1. rewrite Rmult_comm, <- sumn_scal.
      apply sumn_ext. intros; ring.
    - rewrite <- sumn_swap. apply sumn_ext. intros i _. rewrite <- sumn_scal. reflexivity. }
  pose proof (abs_le_sqrt _ _ _ HW (sumn_nonneg r (fun i => sumn c (fun k => M i k * v k) ^ 2) ltac:(intros; apply pow2_ge_0))
                (cs_sumn r w (fun i => sumn c (fun k => M i k * v k)))) as CS.
  cbv beta in CS. rewrite <- E in CS. fold W2 in CS.
  assert (HMv : sqrt (sumn r (fun i => sumn c (fun k => M i k * v k) ^ 2)) <= s * sqrt V2).
  { rewrite <- (sqrt_pow2 s Hs), <- sqrt_mult_alt by apply pow2_ge_0. apply sqrt_le_1_alt. apply H. }
  assert (B : V2 <= sqrt W2 * (s * sqrt V2)).
  { pose proof (Rle_abs V2). pose proof (sqrt_pos W2).
    eapply Rle_trans; [exact (Rle_trans _ _ _ (Rle_abs V2) CS) |]. apply Rmult_le_compat_l; [lra | exact HMv]. }
  pose proof (sqrt_pos V2). pose proof (sqrt_pos W2).
  assert (SV : sqrt V2 * sqrt V2 = V2) by (apply sqrt_sqrt; exact HV).
  assert (SW : sqrt W2 * sqrt W2 = W2) by (apply sqrt_sqrt; exact HW).
  assert (Hr : sqrt V2 <= s * sqrt W2).
  { destruct (Req_dec (sqrt V2) 0) as [Z|NZ]; [rewrite Z; nra |].
    apply Rmult_le_reg_r with (sqrt V2); [lra |]. nra. }
  change (V2 <= s ^ 2 * W2). rewrite <- SV, <- SW.
  replace (s ^ 2 * (sqrt W2 * sqrt W2)) with ((s * sqrt W2) * (s * sqrt W2)) by ring.
  apply Rmult_le_compat; lra.
Qed.

Lemma spec_vnorm r c M s u : spec_bound r c M s ->
  vnorm r (fun i => sumn c (fun k => M i k * u k)) <= s * vnorm c u.
Proof.
  intros [Hs H]. unfold vnorm. rewrite <- (sqrt_pow2 s Hs), <- sqrt_mult_alt by apply pow2_ge_0.
  apply sqrt_le_1_alt. apply H.
Qed.

Lemma vnorm_opp r f : vnorm r (fun i => - f i) = vnorm r f.
Proof. unfold vnorm. f_equal. apply sumn_ext. intros; ring. Qed.

Lemma vnorm_ext r f g : (forall i, (i < r)%nat -> f i = g i) -> vnorm r f = vnorm r g.
Proof. intro H. unfold vnorm. f_equal. apply sumn_ext. intros i Hi. rewrite H by exact Hi. reflexivity. Qed.

Lemma vnorm_spec r c M s : 0 <= s -> (forall u, vnorm r (fun i => sumn c (fun k => M i k * u k)) <= s * vnorm c u) ->
  spec_bound r c M s.
Proof.
  intros Hs H. split; [exact Hs |]. intro w. pose proof (H w) as Hw. unfold vnorm in Hw.
  assert (A0 : 0 <= sumn r (fun i => sumn c (fun k => M i k * w k) ^ 2)) by (apply sumn_nonneg; intros; apply pow2_ge_0).
  assert (B0 : 0 <= sumn c (fun k => w k ^ 2)) by (apply sumn_nonneg; intros; apply pow2_ge_0).
  rewrite <- (pow2_sqrt _ A0), <- (pow2_sqrt _ B0). rewrite <- Rpow_mult_distr.
  apply pow_incr. split; [apply sqrt_pos | exact Hw].
Qed.

Lemma fro_spec r c M e : 0 <= e -> fro2 r c M <= e ^ 2 -> spec_bound r c M e.
Proof.
  intros He H. replace e with (0 + e) by ring.
  apply (weyl_spec r c M (fun _ _ => 0) 0 e); [| exact He |].
  - split; [lra |]. intro w.
    assert (Z : forall k, sumn k (fun _ => 0) = 0) by (intro k; induction k as [|k IHk]; simpl; [reflexivity | rewrite IHk; ring]).
    rewrite (sumn_ext r _ (fun _ => 0)).
    + rewrite Z. pose proof (sumn_nonneg c (fun k => w k ^ 2) ltac:(intros; apply pow2_ge_0)). nra.
    + intros i _. rewrite (sumn_ext c _ (fun _ => 0)) by (intros; ring). rewrite Z. ring.
  - unfold fro2 in *. eapply Rle_trans; [| exact H]. right. apply sumn_ext; intros; apply sumn_ext; intros; ring.
Qed.

(* ||R||_2 <= ||R_c||_2 + e (||X_c||_2 + ||Y_c||_2) + e^2 when ||X - X_c||_F, ||Y - Y_c||_F <= e
   (R - R_c = -(dX Y_c^T + X_c dY^T + dX dY^T)). *)
Theorem residual_spec (n m d : nat) (A X Y Xc Yc : nat -> nat -> R) (sx sy sr e : R) :
  spec_bound n d Xc sx -> spec_bound m d Yc sy -> spec_bound n m (resm d A Xc Yc) sr -> 0 <= e ->
  fro2 n d (fun i k => X i k - Xc i k) <= e ^ 2 -> fro2 m d (fun j k => Y j k - Yc j k) <= e ^ 2 ->
  spec_bound n m (resm d A X Y) (sr + e * (sx + sy) + e ^ 2).
Proof.
  intros HX HY HR He HdX HdY.
  pose proof (fro_spec _ _ _ _ He HdX) as SdX. pose proof (fro_spec _ _ _ _ He HdY) as SdY.
  pose proof (spec_transpose _ _ _ _ HY) as SYt. pose proof (spec_transpose _ _ _ _ SdY) as SdYt.
  pose proof (proj1 HX) as Hsx. pose proof (proj1 HY) as Hsy. pose proof (proj1 HR) as Hsr.
  apply vnorm_spec; [pose proof (pow2_ge_0 e); nra |]. intro w.
  set (dX := fun i k => X i k - Xc i k). set (dY := fun j k => Y j k - Yc j k).
  set (yw := fun k => sumn m (fun j => Yc j k * w j)).   (* Yc^T w *)
  set (dyw := fun k => sumn m (fun j => dY j k * w j)).  (* dY^T w *)
  assert (MV : forall (M N : nat -> nat -> R) i,
             sumn d (fun k => M i k * sumn m (fun j => N j k * w j)) =
             sumn m (fun j => sumn d (fun k => M i k * N j k) * w j)).
  { intros M N i.
    transitivity (sumn d (fun k => sumn m (fun j => M i k * N j k * w j))).
    - apply sumn_ext. intros k _. rewrite <- sumn_scal. apply sumn_ext. intros; ring.
    - rewrite sumn_swap. apply sumn_ext. intros j _. rewrite Rmult_comm, <- sumn_scal. apply sumn_ext. intros; ring. }
  assert (E : forall i, sumn m (fun j => resm d A X Y i j * w j) =
            sumn m (fun j => resm d A Xc Yc i j * w j) +
            (- sumn d (fun k => dX i k * yw k) + (- sumn d (fun k => Xc i k * dyw k) + - sumn d (fun k => dX i k * dyw k)))).
  { intro i. unfold yw, dyw. rewrite !MV.
    transitivity (sumn m (fun j => resm d A Xc Yc i j * w j +
                   (-1 * (sumn d (fun k => dX i k * Yc j k) * w j) +
                    (-1 * (sumn d (fun k => Xc i k * dY j k) * w j) + -1 * (sumn d (fun k => dX i k * dY j k) * w j))))).
    - apply sumn_ext. intros j _. unfold resm.
      replace (sumn d (fun k => X i k * Y j k)) with
        (sumn d (fun k => Xc i k * Yc j k + (dX i k * Yc j k + (Xc i k * dY j k + dX i k * dY j k))))
        by (apply sumn_ext; intros; unfold dX, dY; ring).
      rewrite !sumn_plus. ring.
    - rewrite !sumn_plus, !sumn_scal. ring. }
  rewrite (vnorm_ext n _ _ (fun i _ => E i)).
  eapply Rle_trans; [apply vnorm_triangle |].
  eapply Rle_trans; [apply Rplus_le_compat_l, vnorm_triangle |].
  eapply Rle_trans; [apply Rplus_le_compat_l, Rplus_le_compat_l, vnorm_triangle |].
  rewrite !(vnorm_opp n (fun i => sumn d _)).
  pose proof (spec_vnorm n m (resm d A Xc Yc) sr w HR) as B0.
  pose proof (spec_vnorm n d dX e yw SdX) as B1.
  pose proof (spec_vnorm d m (fun k j => Yc j k) sy w SYt) as B1'.
  pose proof (spec_vnorm n d Xc sx dyw HX) as B2.
  pose proof (spec_vnorm d m (fun k j => dY j k) e w SdYt) as B2'.
  pose proof (spec_vnorm n d dX e dyw SdX) as B3.
  cbv beta in B1', B2'. fold yw in B1'. fold dyw in B2'.
  assert (Nw : 0 <= vnorm m w) by apply sqrt_pos.
  assert (e * vnorm d yw <= e * (sy * vnorm m w)) by (apply Rmult_le_compat_l; lra).
  assert (sx * vnorm d dyw <= sx * (e * vnorm m w)) by (apply Rmult_le_compat_l; lra).
  assert (e * vnorm d dyw <= e * (e * vnorm m w)) by (apply Rmult_le_compat_l; lra).
  assert (X3 : (sr + e * (sx + sy) + e ^ 2) * vnorm m w =
               sr * vnorm m w + e * (sy * vnorm m w) + sx * (e * vnorm m w) + e * (e * vnorm m w)) by ring.
  rewrite X3. lra.
Qed.
