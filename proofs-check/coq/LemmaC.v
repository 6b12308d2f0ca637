(* Lemma C: convergence to a cycle (docs/math.md section 12, docs/checker.md
   Lemma C; checked by lemma_c in proofs-check/cycle.cpp, outcome periodic),
   for the reduced 2-D map F of the scalar family.

   S = { z : |Q (z - c)|_2 <= rho }. The checker bounds, for every matrix D
   whose rows are rows of DF^p at points of S (an interval matrix J holds
   them), the Gram matrix B = M^T M of M = Q D Q^{-1}: every row sum of |B| is
   at most q^2. Here DF^p is the chain-rule product
   DF^j(z) = DF(F^{j-1} z) DF^{j-1}(z), which is proven to be the derivative of
   F^p along every line (Fp_line_derive); the mean value theorem per component
   then makes F^p a contraction of S in the norm |Q .|_2, and the Banach
   argument gives the attracting fixed point of F^p. *)
From Coquelicot Require Import Coquelicot.
Require Import Reals Lra Lia.
Require Import LrCert.Scalar LrCert.Ball.
Open Scope R_scope.

(* ---- 2 x 2 matrices, stored by rows ---------------------------------------- *)

Definition mat2 : Type := ((R * R) * (R * R))%type.
Definition mapply (M : mat2) (v : R * R) : R * R := (dot2 (fst M) v, dot2 (snd M) v).
Definition col1 (M : mat2) : R * R := (fst (fst M), fst (snd M)).
Definition col2 (M : mat2) : R * R := (snd (fst M), snd (snd M)).
Definition mmul (A B : mat2) : mat2 :=
  ((dot2 (fst A) (col1 B), dot2 (fst A) (col2 B)), (dot2 (snd A) (col1 B), dot2 (snd A) (col2 B))).
Definition mtr (M : mat2) : mat2 := (col1 M, col2 M).
Definition mid2 : mat2 := ((1, 0), (0, 1)).

Lemma mapply_mmul A B v : mapply (mmul A B) v = mapply A (mapply B v).
Proof. unfold mapply, mmul, col1, col2, dot2; simpl. f_equal; ring. Qed.

Lemma mapply_sub M a b : mapply M (vsub2 a b) = vsub2 (mapply M a) (mapply M b).
Proof. unfold mapply, vsub2, dot2; simpl. f_equal; ring. Qed.

Lemma mapply_inv Qi Q v : mmul Qi Q = mid2 -> mapply Qi (mapply Q v) = v.
Proof.
  intro H. rewrite <- mapply_mmul, H. unfold mapply, mid2, dot2; simpl. destruct v; simpl. f_equal; ring.
Qed.

(* The Jacobian of F at w (Ball.DF as a matrix: I - h Hess f, symmetric). *)
Definition DFm (mu h : R) (w : R * R) : mat2 :=
  ((1 - h * snd w ^ 2, - h * hq mu w), (- h * hq mu w, 1 - h * fst w ^ 2)).

Lemma DFm_DF mu h w v : mapply (DFm mu h w) v = DF mu h w v.
Proof. unfold mapply, DFm, DF, mv, dot2; simpl. f_equal; ring. Qed.

(* F^j and the chain-rule product DF^j (the checker's iterate, cycle.cpp). *)
Fixpoint Fp (mu h : R) (j : nat) (z : R * R) : R * R :=
  match j with O => z | S j' => F mu h (Fp mu h j' z) end.
Fixpoint DFp (mu h : R) (j : nat) (z : R * R) : mat2 :=
  match j with O => mid2 | S j' => mmul (DFm mu h (Fp mu h j' z)) (DFp mu h j' z) end.

Lemma gd_Fp mu h z : gd_seq mu h z -> forall k j, z (k + j)%nat = Fp mu h j (z k).
Proof.
  intros Hz k j. induction j as [|j IH]; [rewrite Nat.add_0_r; reflexivity |].
  replace (k + S j)%nat with (S (k + j)) by lia. rewrite Hz, IH. reflexivity.
Qed.

Lemma Fp_add mu h i j w : Fp mu h (i + j) w = Fp mu h i (Fp mu h j w).
Proof. induction i as [|i IH]; simpl; [reflexivity | rewrite IH; reflexivity]. Qed.

(* ---- derivatives along a line ---------------------------------------------- *)

Lemma d_add f g x df dg : is_derive f x df -> is_derive g x dg -> is_derive (fun t => f t + g t) x (df + dg).
Proof. intros. apply (is_derive_plus f g); auto. Qed.
Lemma d_sub f g x df dg : is_derive f x df -> is_derive g x dg -> is_derive (fun t => f t - g t) x (df - dg).
Proof. intros. apply (is_derive_minus f g); auto. Qed.
Lemma d_mul f g x df dg : is_derive f x df -> is_derive g x dg ->
  is_derive (fun t => f t * g t) x (df * g x + f x * dg).
Proof. intros. apply (is_derive_mult f g); auto. intros; apply Rmult_comm. Qed.
Lemma d_const (a x : R) : is_derive (fun _ => a) x 0.
Proof. apply (is_derive_const a x). Qed.

(* F along a differentiable curve (a(t), b(t)): the chain rule. *)
Lemma F_curve_derive mu h (a b : R -> R) a' b' t :
  is_derive a t a' -> is_derive b t b' ->
  is_derive (fun t => fst (F mu h (a t, b t))) t (fst (DF mu h (a t, b t) (a', b'))) /\
  is_derive (fun t => snd (F mu h (a t, b t))) t (snd (DF mu h (a t, b t) (a', b'))).
Proof.
  intros Ha Hb.
  pose proof (d_sub _ _ t _ _ (d_const mu t) (d_mul _ _ _ _ _ Ha Hb)) as Hr.
  pose proof (is_derive_scal _ _ h _ Hr) as Hhr.
  split.
  - pose proof (d_add _ _ _ _ _ Ha (d_mul _ _ _ _ _ Hhr Hb)) as D.
    unfold F, DF, mv, hq, res; cbn [fst snd].
    replace ((1 - h * b t ^ 2) * a' + - h * (2 * a t * b t - mu) * b')
      with (a' + (h * (0 - (a' * b t + a t * b')) * b t + h * (mu - a t * b t) * b')) by ring.
    exact D.
  - pose proof (d_add _ _ _ _ _ Hb (d_mul _ _ _ _ _ Hhr Ha)) as D.
    unfold F, DF, mv, hq, res; cbn [fst snd].
    replace (- h * (2 * a t * b t - mu) * a' + (1 - h * a t ^ 2) * b')
      with (b' + (h * (0 - (a' * b t + a t * b')) * a t + h * (mu - a t * b t) * a')) by ring.
    exact D.
Qed.

Definition seg (a d : R * R) (t : R) : R * R := (fst a + t * fst d, snd a + t * snd d).

(* d/dt F^j(a + t d) = DF^j(a + t d) d *)
Lemma Fp_line_derive mu h j (a d : R * R) t :
  is_derive (fun t => fst (Fp mu h j (seg a d t))) t (fst (mapply (DFp mu h j (seg a d t)) d)) /\
  is_derive (fun t => snd (Fp mu h j (seg a d t))) t (snd (mapply (DFp mu h j (seg a d t)) d)).
Proof.
  induction j as [|j [IH1 IH2]].
  - cbn [Fp DFp]. unfold seg, mapply, mid2, dot2; cbn [fst snd]. split; auto_derive; auto; ring.
  - cbn [Fp DFp]. rewrite mapply_mmul, DFm_DF.
    destruct (F_curve_derive mu h (fun t => fst (Fp mu h j (seg a d t))) (fun t => snd (Fp mu h j (seg a d t)))
                _ _ t IH1 IH2) as [D1 D2].
    destruct (mapply (DFp mu h j (seg a d t)) d) as [p1 p2] eqn:E. simpl in D1, D2.
    split; [exact D1 | exact D2].
Qed.

(* The mean value theorem per component: F^j(b) - F^j(a) = D (b - a), where
   row i of D is row i of DF^j at a point of the segment [a, b]. *)
Definition rowsD (mu h : R) (j : nat) (xi1 xi2 : R * R) : mat2 :=
  (fst (DFp mu h j xi1), snd (DFp mu h j xi2)).

Lemma seg_0 a d : seg a d 0 = a.
Proof. unfold seg; destruct a; simpl; f_equal; ring. Qed.
Lemma seg_1 a b : seg a (vsub2 b a) 1 = b.
Proof. unfold seg, vsub2; destruct a, b; simpl; f_equal; ring. Qed.

Lemma Fp_mean_value mu h j (a b : R * R) :
  exists t1 t2, 0 <= t1 <= 1 /\ 0 <= t2 <= 1 /\
    vsub2 (Fp mu h j b) (Fp mu h j a) =
    mapply (rowsD mu h j (seg a (vsub2 b a) t1) (seg a (vsub2 b a) t2)) (vsub2 b a).
Proof.
  set (d := vsub2 b a).
  assert (Der : forall t, derivable_pt_lim (fun t => fst (Fp mu h j (seg a d t))) t
                                           (fst (mapply (DFp mu h j (seg a d t)) d)) /\
                          derivable_pt_lim (fun t => snd (Fp mu h j (seg a d t))) t
                                           (snd (mapply (DFp mu h j (seg a d t)) d))).
  { intro t. destruct (Fp_line_derive mu h j a d t). split; apply is_derive_Reals; assumption. }
  destruct (MVT_cor2 _ _ 0 1 ltac:(lra) (fun t _ => proj1 (Der t))) as [t1 [E1 H1]].
  destruct (MVT_cor2 _ _ 0 1 ltac:(lra) (fun t _ => proj2 (Der t))) as [t2 [E2 H2]].
  exists t1, t2. split; [lra | split; [lra |]].
  rewrite seg_0 in E1, E2. unfold d in E1, E2. rewrite seg_1 in E1, E2. fold d in E1, E2.
  unfold vsub2 at 1, rowsD, mapply. simpl. unfold mapply in E1, E2; simpl in E1, E2.
  f_equal; lra.
Qed.

(* ---- the region S and the norm |Q .|_2 ------------------------------------- *)

Definition inS (Q : mat2) (c : R * R) (rho : R) (z : R * R) : Prop := nrm (mapply Q (vsub2 z c)) <= rho.

Lemma nrm_scal k v : nrm (k * fst v, k * snd v) = Rabs k * nrm v.
Proof.
  unfold nrm; cbn [fst snd].
  replace ((k * fst v) ^ 2 + (k * snd v) ^ 2) with (k ^ 2 * (fst v ^ 2 + snd v ^ 2)) by ring.
  rewrite sqrt_mult_alt by nra. rewrite <- sqrt_Rsqr_abs. unfold Rsqr. f_equal. f_equal. ring.
Qed.

Lemma nrm_opp v : nrm (vsub2 (0, 0) v) = nrm v.
Proof. unfold nrm, vsub2; cbn [fst snd]. f_equal. ring. Qed.

Lemma nrm_zero v : nrm v <= 0 -> fst v = 0 /\ snd v = 0.
Proof.
  intro H. pose proof (nrm_nonneg v). pose proof (nrm_sq v).
  assert (nrm v = 0) by lra. pose proof (pow2_ge_0 (fst v)). pose proof (pow2_ge_0 (snd v)).
  split; nra.
Qed.

(* |Q a - Q b| for the norm of Q (a - b) and its symmetry *)
Lemma dQ_sym Q a b : nrm (mapply Q (vsub2 a b)) = nrm (mapply Q (vsub2 b a)).
Proof.
  rewrite !mapply_sub. unfold nrm, vsub2; cbn [fst snd]. f_equal. ring.
Qed.

Lemma dQ_triangle Q a b c : nrm (mapply Q (vsub2 a c)) <= nrm (mapply Q (vsub2 a b)) + nrm (mapply Q (vsub2 b c)).
Proof.
  rewrite !mapply_sub. apply (dist2_triangle (mapply Q a) (mapply Q b) (mapply Q c)).
Qed.

(* S is convex *)
Lemma inS_seg Q c rho a b t : inS Q c rho a -> inS Q c rho b -> 0 <= t <= 1 -> inS Q c rho (seg a (vsub2 b a) t).
Proof.
  unfold inS. intros Ha Hb Ht.
  replace (mapply Q (vsub2 (seg a (vsub2 b a) t) c)) with
    (fst ((1 - t) * fst (mapply Q (vsub2 a c)), (1 - t) * snd (mapply Q (vsub2 a c))) +
     fst (t * fst (mapply Q (vsub2 b c)), t * snd (mapply Q (vsub2 b c))),
     snd ((1 - t) * fst (mapply Q (vsub2 a c)), (1 - t) * snd (mapply Q (vsub2 a c))) +
     snd (t * fst (mapply Q (vsub2 b c)), t * snd (mapply Q (vsub2 b c))))
    by (unfold mapply, seg, vsub2, dot2; cbn [fst snd]; f_equal; ring).
  eapply Rle_trans; [apply nrm_triangle |]. rewrite !nrm_scal.
  rewrite (Rabs_right (1 - t)), (Rabs_right t) by lra. nra.
Qed.

(* S lies in the checker's hull H: |z_i - c_i| <= rho (|Qi_i1| + |Qi_i2|). *)
Lemma inS_hull Q Qi c rho z :
  mmul Qi Q = mid2 -> inS Q c rho z ->
  Rabs (fst z - fst c) <= rho * (Rabs (fst (fst Qi)) + Rabs (snd (fst Qi))) /\
  Rabs (snd z - snd c) <= rho * (Rabs (fst (snd Qi)) + Rabs (snd (snd Qi))).
Proof.
  intros HQ Hz. unfold inS in Hz. set (w := mapply Q (vsub2 z c)) in *.
  assert (E : vsub2 z c = mapply Qi w) by (unfold w; rewrite mapply_inv; auto).
  assert (Hw1 : Rabs (fst w) <= rho /\ Rabs (snd w) <= rho).
  { pose proof (nrm_sq w). pose proof (nrm_nonneg w). pose proof (pow2_ge_0 (fst w)). pose proof (pow2_ge_0 (snd w)).
    split; apply Rsqr_incr_0_var; try lra; rewrite <- Rsqr_abs; unfold Rsqr; nra. }
  replace (fst z - fst c) with (fst (vsub2 z c)) by reflexivity.
  replace (snd z - snd c) with (snd (vsub2 z c)) by reflexivity.
  rewrite E. unfold mapply, dot2; cbn [fst snd]. destruct Hw1 as [W1 W2].
  split; (eapply Rle_trans; [apply Rabs_triang |]); rewrite !Rabs_mult;
    pose proof (Rabs_pos (fst (fst Qi))); pose proof (Rabs_pos (snd (fst Qi)));
    pose proof (Rabs_pos (fst (snd Qi))); pose proof (Rabs_pos (snd (snd Qi))); nra.
Qed.

(* ---- the checker's bound of the 2-norm: ||M||_2^2 <= ||M^T M||_inf --------- *)

Definition gram_ok (M : mat2) (q : R) : Prop :=
  let B := mmul (mtr M) M in
  Rabs (fst (fst B)) + Rabs (snd (fst B)) <= q ^ 2 /\ Rabs (fst (snd B)) + Rabs (snd (snd B)) <= q ^ 2.

Lemma gram_bound M q w : 0 <= q -> gram_ok M q -> nrm (mapply M w) <= q * nrm w.
Proof.
  intros Hq [G1 G2]. unfold mmul, mtr, col1, col2, dot2 in G1, G2; cbn [fst snd] in G1, G2.
  destruct M as [[m11 m12] [m21 m22]]. destruct w as [w1 w2]. cbn [fst snd] in G1, G2.
  set (b11 := m11 * m11 + m21 * m21) in *. set (b12 := m11 * m12 + m21 * m22) in *.
  set (b21 := m12 * m11 + m22 * m21) in *. set (b22 := m12 * m12 + m22 * m22) in *.
  assert (Hsq : (m11 * w1 + m12 * w2) ^ 2 + (m21 * w1 + m22 * w2) ^ 2 <= q ^ 2 * (w1 ^ 2 + w2 ^ 2)).
  { replace ((m11 * w1 + m12 * w2) ^ 2 + (m21 * w1 + m22 * w2) ^ 2)
      with (b11 * w1 ^ 2 + (b12 + b21) * (w1 * w2) + b22 * w2 ^ 2) by (unfold b11, b12, b21, b22; ring).
    assert (A : Rabs (w1 * w2) <= (w1 ^ 2 + w2 ^ 2) / 2).
    { pose proof (pow2_ge_0 (w1 - w2)). pose proof (pow2_ge_0 (w1 + w2)). unfold Rabs; destruct (Rcase_abs _); nra. }
    assert (B1 : b11 * w1 ^ 2 <= Rabs b11 * w1 ^ 2) by (apply Rmult_le_compat_r; [nra | apply Rle_abs]).
    assert (B2 : b22 * w2 ^ 2 <= Rabs b22 * w2 ^ 2) by (apply Rmult_le_compat_r; [nra | apply Rle_abs]).
    assert (B3 : b12 * (w1 * w2) <= Rabs b12 * ((w1 ^ 2 + w2 ^ 2) / 2)).
    { eapply Rle_trans; [apply Rle_abs |]. rewrite Rabs_mult. apply Rmult_le_compat_l; [apply Rabs_pos | exact A]. }
    assert (B4 : b21 * (w1 * w2) <= Rabs b21 * ((w1 ^ 2 + w2 ^ 2) / 2)).
    { eapply Rle_trans; [apply Rle_abs |]. rewrite Rabs_mult. apply Rmult_le_compat_l; [apply Rabs_pos | exact A]. }
    assert (E12 : b12 = b21) by (unfold b12, b21; ring). rewrite <- E12 in *.
    pose proof (pow2_ge_0 w1). pose proof (pow2_ge_0 w2). nra. }
  unfold mapply, nrm, dot2; cbn [fst snd]. rewrite <- (sqrt_pow2 q Hq) at 1. rewrite <- sqrt_mult_alt by nra.
  apply sqrt_le_1_alt. lra.
Qed.

(* ---- the contraction ------------------------------------------------------- *)

(* The checker's hypothesis on DF^p over S: for every D whose rows are rows of
   DF^p at points xi1, xi2 of S, M = Q D Q^{-1} passes gram_ok with q. *)
Definition jac_bound (mu h : R) (p : nat) (Q Qi : mat2) (c : R * R) (rho q : R) : Prop :=
  forall xi1 xi2, inS Q c rho xi1 -> inS Q c rho xi2 -> gram_ok (mmul Q (mmul (rowsD mu h p xi1 xi2) Qi)) q.

Lemma contraction mu h p Q Qi c rho q a b :
  mmul Qi Q = mid2 -> 0 <= q -> jac_bound mu h p Q Qi c rho q ->
  inS Q c rho a -> inS Q c rho b ->
  nrm (mapply Q (vsub2 (Fp mu h p b) (Fp mu h p a))) <= q * nrm (mapply Q (vsub2 b a)).
Proof.
  intros HQ Hq HJ Ha Hb.
  destruct (Fp_mean_value mu h p a b) as [t1 [t2 [T1 [T2 E]]]]. rewrite E.
  set (D := rowsD mu h p (seg a (vsub2 b a) t1) (seg a (vsub2 b a) t2)).
  replace (mapply Q (mapply D (vsub2 b a))) with
    (mapply (mmul Q (mmul D Qi)) (mapply Q (vsub2 b a))) by (rewrite !mapply_mmul, (mapply_inv Qi Q _ HQ); reflexivity).
  apply gram_bound; [exact Hq |]. apply HJ; apply inS_seg; auto.
Qed.

Lemma inS_image mu h p Q Qi c rho q delta a :
  mmul Qi Q = mid2 -> 0 <= q -> jac_bound mu h p Q Qi c rho q ->
  nrm (mapply Q (vsub2 (Fp mu h p c) c)) <= delta -> delta + q * rho <= rho ->
  inS Q c rho a -> inS Q c rho (Fp mu h p a).
Proof.
  intros HQ Hq HJ Hd Hr Ha. unfold inS in *.
  assert (Hc : inS Q c rho c).
  { unfold inS. replace (mapply Q (vsub2 c c)) with (0 * fst (1, 0), 0 * snd (1, 0))
      by (unfold mapply, vsub2, dot2; cbn [fst snd]; f_equal; ring).
    rewrite nrm_scal, Rabs_R0, Rmult_0_l. pose proof (nrm_nonneg (mapply Q (vsub2 a c))). lra. }
  eapply Rle_trans; [apply (dQ_triangle Q _ (Fp mu h p c)) |].
  pose proof (contraction mu h p Q Qi c rho q c a HQ Hq HJ Hc Ha). nra.
Qed.

(* ---- limits ---------------------------------------------------------------- *)

Lemma lim_sq u (a : R) : is_lim_seq u a -> is_lim_seq (fun n => u n ^ 2) (a ^ 2).
Proof.
  intro H. apply (is_lim_seq_ext (fun n => u n * u n)); [intro; ring |].
  replace (a ^ 2) with (a * a) by ring. apply is_lim_seq_mult'; exact H.
Qed.

(* F^j is continuous: coordinatewise limits are carried through. *)
Definition lim2 (w : nat -> R * R) (a : R * R) : Prop :=
  is_lim_seq (fun n => fst (w n)) (fst a) /\ is_lim_seq (fun n => snd (w n)) (snd a).

Lemma lim2_F mu h w a : lim2 w a -> lim2 (fun n => F mu h (w n)) (F mu h a).
Proof.
  intros [H1 H2]. unfold F, res; cbn [fst snd].
  assert (Hr : is_lim_seq (fun n => h * (mu - fst (w n) * snd (w n))) (h * (mu - fst a * snd a))).
  { apply is_lim_seq_mult'; [apply is_lim_seq_const |].
    apply is_lim_seq_minus'; [apply is_lim_seq_const | apply is_lim_seq_mult'; assumption]. }
  split; apply is_lim_seq_plus'; try assumption; apply is_lim_seq_mult'; assumption.
Qed.

Lemma lim2_Fp mu h j w a : lim2 w a -> lim2 (fun n => Fp mu h j (w n)) (Fp mu h j a).
Proof.
  intro H. induction j as [|j IH]; [exact H |]. cbn [Fp]. apply (lim2_F mu h _ _ IH).
Qed.

(* |Q (w_n - b)|^2 -> |Q (a - b)|^2 when w_n -> a *)
Lemma lim2_dQ Q w a b : lim2 w a ->
  is_lim_seq (fun n => nrm (mapply Q (vsub2 (w n) b)) ^ 2) (nrm (mapply Q (vsub2 a b)) ^ 2).
Proof.
  intros [H1 H2].
  apply (is_lim_seq_ext (fun n => dot2 (fst Q) (vsub2 (w n) b) ^ 2 + dot2 (snd Q) (vsub2 (w n) b) ^ 2)).
  { intro n. rewrite nrm_sq. reflexivity. }
  rewrite nrm_sq. unfold mapply; cbn [fst snd]. unfold dot2, vsub2; cbn [fst snd].
  assert (L : forall k1 k2, is_lim_seq (fun n => k1 * (fst (w n) - fst b) + k2 * (snd (w n) - snd b))
                                       (k1 * (fst a - fst b) + k2 * (snd a - snd b))).
  { intros k1 k2. apply is_lim_seq_plus'; apply is_lim_seq_mult'; try apply is_lim_seq_const;
      apply is_lim_seq_minus'; try apply is_lim_seq_const; assumption. }
  apply is_lim_seq_plus'; apply lim_sq, L.
Qed.

Lemma sq_le_nonneg x y : 0 <= x -> 0 <= y -> x ^ 2 <= y ^ 2 -> x <= y.
Proof. intros. apply Rsqr_incr_0_var; [unfold Rsqr; nra | lra]. Qed.

(* coordinates are bounded by |Q .|: v = Qi (Q v) and Cauchy-Schwarz *)
Lemma coord_bound Q Qi v : mmul Qi Q = mid2 ->
  Rabs (fst v) <= nrm (fst Qi) * nrm (mapply Q v) /\ Rabs (snd v) <= nrm (snd Qi) * nrm (mapply Q v).
Proof.
  intro HQ. assert (E : v = mapply Qi (mapply Q v)) by (symmetry; apply mapply_inv; exact HQ).
  set (u := mapply Q v) in *.
  assert (E1 : fst v = dot2 (fst Qi) u) by (rewrite E at 1; reflexivity).
  assert (E2 : snd v = dot2 (snd Qi) u) by (rewrite E at 1; reflexivity).
  rewrite E1, E2.
  assert (A : forall a b, Rabs (dot2 a b) <= nrm a * nrm b).
  { intros a b. apply Rabs_le. split; [| apply cauchy_schwarz2].
    pose proof (cauchy_schwarz2 a (vsub2 (0, 0) b)) as CS. rewrite nrm_opp in CS.
    unfold dot2, vsub2 in *; cbn [fst snd] in *. lra. }
  split; apply A.
Qed.

(* a sequence that is Cauchy in |Q .| converges coordinatewise *)
Lemma cauchy_lim2 Q Qi (w : nat -> R * R) (beta : nat -> R) :
  mmul Qi Q = mid2 -> is_lim_seq beta 0 ->
  (forall n k, nrm (mapply Q (vsub2 (w (n + k)%nat) (w n))) <= beta n) ->
  exists a, lim2 w a.
Proof.
  intros HQ Hb Hc.
  set (C := 1 + nrm (fst Qi) + nrm (snd Qi)).
  assert (HC : 0 < C) by (unfold C; pose proof (nrm_nonneg (fst Qi)); pose proof (nrm_nonneg (snd Qi)); lra).
  assert (Hg : is_lim_seq (fun n => C * beta n) 0).
  { replace 0 with (C * 0) by ring. apply is_lim_seq_mult'; [apply is_lim_seq_const | exact Hb]. }
  apply is_lim_seq_spec in Hg.
  assert (Key : forall sel : R * R -> R, (forall v, Rabs (sel v) <= C * nrm (mapply Q v)) ->
                (forall a b, sel (vsub2 a b) = sel a - sel b) -> ex_finite_lim_seq (fun n => sel (w n))).
  { intros sel Hsel Hlin. apply ex_lim_seq_cauchy_corr. intro e.
    destruct (Hg (mkposreal (e / 2) ltac:(pose proof (cond_pos e); lra))) as [N HN]. cbn in HN.
    assert (One : forall n, (N <= n)%nat -> Rabs (sel (w n) - sel (w N)) < e / 2).
    { intros n Hn. replace n with (N + (n - N))%nat by lia. rewrite <- Hlin.
      eapply Rle_lt_trans; [apply Hsel |]. specialize (HN N (le_n N)). rewrite Rminus_0_r in HN.
      eapply Rle_lt_trans; [| exact HN]. rewrite Rabs_right by (pose proof (Hc N 0%nat); pose proof (nrm_nonneg (mapply Q (vsub2 (w (N + 0)%nat) (w N)))); nra).
      apply Rmult_le_compat_l; [lra | apply Hc]. }
    exists N. intros n m Hn Hm.
    replace (sel (w n) - sel (w m)) with ((sel (w n) - sel (w N)) - (sel (w m) - sel (w N))) by ring.
    eapply Rle_lt_trans; [apply Rabs_triang |]. rewrite Rabs_Ropp.
    pose proof (One n Hn). pose proof (One m Hm). lra. }
  assert (E1 : ex_finite_lim_seq (fun n => fst (w n))).
  { apply Key; [| reflexivity]. intro v. eapply Rle_trans; [apply (coord_bound Q Qi v HQ) |].
    apply Rmult_le_compat_r; [apply nrm_nonneg | unfold C; pose proof (nrm_nonneg (snd Qi)); lra]. }
  assert (E2 : ex_finite_lim_seq (fun n => snd (w n))).
  { apply Key; [| reflexivity]. intro v. eapply Rle_trans; [apply (coord_bound Q Qi v HQ) |].
    apply Rmult_le_compat_r; [apply nrm_nonneg | unfold C; pose proof (nrm_nonneg (fst Qi)); lra]. }
  exists (real (Lim_seq (fun n => fst (w n))), real (Lim_seq (fun n => snd (w n)))).
  split; cbn [fst snd]; apply Lim_seq_correct'; assumption.
Qed.

(* ---- Lemma C ----------------------------------------------------------------- *)

(* Theorem (Lemma C, exactly as lemma_c in proofs-check/cycle.cpp checks it).
   Q with an exact inverse Qi, the exact state z_K in S (the ball at step K
   lies in S), q >= 0 bounding through gram_ok every Q D Q^{-1} with the rows
   of D rows of DF^p at points of S, delta >= |Q (F^p(c) - c)|_2, q < 1 and
   delta + q rho <= rho. Then F^p maps S into S and contracts it with factor q
   in |Q .|_2, S holds exactly one fixed point zs of F^p, and
   |Q (zs - c)|_2 <= delta / (1 - q); the iterates satisfy
   |Q (z_{K + p n} - zs)|_2 <= 2 rho q^n, and z_{K + p n + j} -> F^j(zs) for
   every j: GD converges to the cycle zs, F zs, ..., F^{p-1} zs. *)
Theorem lemma_C (mu h : R) (z : nat -> R * R) (K p : nat) (c : R * R) (Q Qi : mat2) (rho q delta : R) :
  gd_seq mu h z ->
  mmul Qi Q = mid2 ->                                      (* Qi = Q^{-1} *)
  inS Q c rho (z K) ->                                     (* |Q (z_K - c)|_2 <= rho *)
  0 <= q ->
  jac_bound mu h p Q Qi c rho q ->                         (* row sums of |M^T M| <= q^2 *)
  nrm (mapply Q (vsub2 (Fp mu h p c) c)) <= delta ->       (* |Q (F^p(c) - c)|_2 <= delta *)
  q < 1 ->
  delta + q * rho <= rho ->
  (forall w, inS Q c rho w -> inS Q c rho (Fp mu h p w)) /\
  (forall a b, inS Q c rho a -> inS Q c rho b ->
     nrm (mapply Q (vsub2 (Fp mu h p b) (Fp mu h p a))) <= q * nrm (mapply Q (vsub2 b a))) /\
  exists zs, inS Q c rho zs /\ Fp mu h p zs = zs /\
    (forall w, inS Q c rho w -> Fp mu h p w = w -> w = zs) /\
    nrm (mapply Q (vsub2 zs c)) <= delta / (1 - q) /\
    (forall n, nrm (mapply Q (vsub2 (z (K + p * n)%nat) zs)) <= 2 * rho * q ^ n) /\
    (forall j, lim2 (fun n => z (K + p * n + j)%nat) (Fp mu h j zs)).
Proof.
  intros Hz HQ HK Hq HJ Hd Hq1 Hr.
  set (G := Fp mu h p).
  assert (Himg : forall w, inS Q c rho w -> inS Q c rho (G w))
    by (intros; eapply inS_image; eauto).
  assert (Hcon : forall a b, inS Q c rho a -> inS Q c rho b ->
            nrm (mapply Q (vsub2 (G b) (G a))) <= q * nrm (mapply Q (vsub2 b a)))
    by (intros; eapply contraction; eauto).
  split; [exact Himg | split; [exact Hcon |]].
  assert (Hrho : 0 <= rho) by (pose proof (nrm_nonneg (mapply Q (vsub2 (z K) c))); unfold inS in HK; lra).
  assert (Hdiam : forall a b, inS Q c rho a -> inS Q c rho b -> nrm (mapply Q (vsub2 a b)) <= 2 * rho).
  { intros a b Ha Hb. unfold inS in *. eapply Rle_trans; [apply (dQ_triangle Q a c b) |].
    rewrite (dQ_sym Q c b). lra. }
  assert (Hzero : forall v, nrm (mapply Q v) <= 0 -> v = (0, 0)).
  { intros v Hv. destruct (nrm_zero _ Hv) as [A B].
    rewrite <- (mapply_inv Qi Q v HQ). destruct (mapply Q v) as [v1 v2]. cbn [fst snd] in A, B. subst.
    unfold mapply, dot2; cbn [fst snd]. f_equal; ring. }
  assert (Heq : forall a b, vsub2 a b = (0, 0) -> a = b).
  { intros [a1 a2] [b1 b2] E. unfold vsub2 in E; cbn [fst snd] in E. injection E as E1 E2. f_equal; lra. }
  (* the orbit of z_K under G *)
  set (w := fun n => z (K + p * n)%nat).
  assert (Hw : forall n, w (S n) = G (w n)).
  { intro n. unfold w, G. replace (K + p * S n)%nat with ((K + p * n) + p)%nat by lia. apply gd_Fp, Hz. }
  assert (HwS : forall n, inS Q c rho (w n)).
  { induction n as [|n IH]; [unfold w; rewrite Nat.mul_0_r, Nat.add_0_r; exact HK | rewrite Hw; apply Himg, IH]. }
  assert (HiS : forall n a, inS Q c rho a -> inS Q c rho (Nat.iter n G a)).
  { induction n as [|n IH]; intros a Ha; [exact Ha | simpl; apply Himg, IH, Ha]. }
  assert (Hit : forall n a b, inS Q c rho a -> inS Q c rho b ->
            nrm (mapply Q (vsub2 (Nat.iter n G b) (Nat.iter n G a))) <= q ^ n * nrm (mapply Q (vsub2 b a))).
  { induction n as [|n IH]; intros a b Ha Hb; [simpl; lra |].
    simpl Nat.iter. eapply Rle_trans; [apply Hcon; apply HiS; auto |].
    specialize (IH a b Ha Hb). simpl. nra. }
  assert (Hwi : forall n k, w (n + k)%nat = Nat.iter n G (w k)).
  { induction n as [|n IH]; intro k; [reflexivity |]. replace (S n + k)%nat with (S (n + k)) by lia.
    rewrite Hw, IH. reflexivity. }
  assert (Hcauchy : forall n k, nrm (mapply Q (vsub2 (w (n + k)%nat) (w n))) <= 2 * rho * q ^ n).
  { intros n k. rewrite Hwi. replace n with (n + 0)%nat at 2 by lia. rewrite Hwi.
    eapply Rle_trans; [apply Hit; apply HwS |]. pose proof (Hdiam (w k) (w 0%nat) (HwS k) (HwS 0%nat)).
    pose proof (pow_le q n Hq). replace (n + 0)%nat with n by lia. nra. }
  assert (Hgeo : is_lim_seq (fun n => 2 * rho * q ^ n) 0).
  { replace 0 with (2 * rho * 0) by ring. apply is_lim_seq_mult'; [apply is_lim_seq_const |].
    apply is_lim_seq_geom. rewrite Rabs_right; lra. }
  destruct (cauchy_lim2 Q Qi w _ HQ Hgeo Hcauchy) as [zs Hlim].
  (* zs lies in S, and |Q (w_n - zs)| <= 2 rho q^n *)
  assert (Hshift : forall n, lim2 (fun k => w (n + k)%nat) zs).
  { intro n. destruct Hlim as [L1 L2]. split.
    - apply (is_lim_seq_incr_n _ n) in L1. eapply is_lim_seq_ext; [| exact L1]. intro k; cbn. f_equal. f_equal. lia.
    - apply (is_lim_seq_incr_n _ n) in L2. eapply is_lim_seq_ext; [| exact L2]. intro k; cbn. f_equal. f_equal. lia. }
  assert (HzS : inS Q c rho zs).
  { unfold inS. apply sq_le_nonneg; [apply nrm_nonneg | exact Hrho |].
    pose proof (lim2_dQ Q w zs c Hlim) as L.
    assert (B : Rbar_le (nrm (mapply Q (vsub2 zs c)) ^ 2) (rho ^ 2)).
    { apply (is_lim_seq_le (fun n => nrm (mapply Q (vsub2 (w n) c)) ^ 2) (fun _ => rho ^ 2) _ _); [| exact L | apply is_lim_seq_const].
      intro n. apply pow_incr. split; [apply nrm_nonneg | apply HwS]. }
    exact B. }
  assert (Hrate : forall n, nrm (mapply Q (vsub2 (w n) zs)) <= 2 * rho * q ^ n).
  { intro n. rewrite dQ_sym. apply sq_le_nonneg; [apply nrm_nonneg | pose proof (pow_le q n Hq); nra |].
    pose proof (lim2_dQ Q _ zs (w n) (Hshift n)) as L.
    assert (B : Rbar_le (nrm (mapply Q (vsub2 zs (w n))) ^ 2) ((2 * rho * q ^ n) ^ 2)).
    { apply (is_lim_seq_le (fun k => nrm (mapply Q (vsub2 (w (n + k)%nat) (w n))) ^ 2) (fun _ => (2 * rho * q ^ n) ^ 2) _ _); [| exact L | apply is_lim_seq_const].
      intro k. apply pow_incr. split; [apply nrm_nonneg | apply Hcauchy]. }
    exact B. }
  (* zs is fixed: |Q (G zs - zs)| <= q 2 rho q^n + 2 rho q^(n+1) for every n *)
  assert (Hfix : G zs = zs).
  { apply Heq, Hzero.
    assert (Hb : forall n, nrm (mapply Q (vsub2 (G zs) zs)) <= 4 * rho * q ^ (S n)).
    { intro n. eapply Rle_trans; [apply (dQ_triangle Q _ (w (S n))) |]. rewrite Hw.
      pose proof (Hcon _ _ (HwS n) HzS) as C1. pose proof (Hrate n) as R1. pose proof (Hrate (S n)) as R2.
      rewrite Hw in R2. rewrite (dQ_sym Q zs (w n)) in C1.
      assert (q * nrm (mapply Q (vsub2 (w n) zs)) <= q * (2 * rho * q ^ n)) by (apply Rmult_le_compat_l; auto).
      simpl. simpl in R2. lra. }
    destruct (Rle_lt_dec (nrm (mapply Q (vsub2 (G zs) zs))) 0) as [H0|H0]; [exact H0 | exfalso].
    pose proof (is_lim_seq_geom q ltac:(rewrite Rabs_right; lra)) as Lg. apply is_lim_seq_spec in Lg.
    assert (Hpos : 0 < nrm (mapply Q (vsub2 (G zs) zs)) / (4 * rho + 1)) by (apply Rdiv_lt_0_compat; lra).
    destruct (Lg (mkposreal _ Hpos)) as [N HN]. cbn in HN. specialize (HN (S N) ltac:(lia)).
    rewrite Rminus_0_r, Rabs_right in HN by (apply Rle_ge, pow_le, Hq).
    specialize (Hb N). pose proof (pow_le q (S N) Hq).
    apply Rmult_lt_compat_r with (r := 4 * rho + 1) in HN; [| lra].
    unfold Rdiv in HN. rewrite Rmult_assoc, Rinv_l in HN by lra. nra. }
  exists zs. split; [exact HzS | split; [exact Hfix | split; [| split; [| split]]]].
  - intros a Ha Hfa. apply Heq, Hzero.
    pose proof (Hcon zs a HzS Ha) as C1. fold G in Hfa. rewrite Hfa, Hfix in C1.
    pose proof (nrm_nonneg (mapply Q (vsub2 a zs))). nra.
  - assert (Hc : inS Q c rho c).
    { unfold inS. replace (mapply Q (vsub2 c c)) with (0 * fst (1, 0), 0 * snd (1, 0))
        by (unfold mapply, vsub2, dot2; cbn [fst snd]; f_equal; ring).
      rewrite nrm_scal, Rabs_R0, Rmult_0_l. exact Hrho. }
    apply Rmult_le_reg_r with (1 - q); [lra |]. unfold Rdiv. rewrite Rmult_assoc, Rinv_l by lra.
    rewrite Rmult_1_r.
    pose proof (dQ_triangle Q (G zs) (G c) c) as T.
    assert (E : nrm (mapply Q (vsub2 zs c)) = nrm (mapply Q (vsub2 (G zs) c))) by (rewrite Hfix; reflexivity).
    pose proof (Hcon c zs Hc HzS) as C1.
    assert (X : nrm (mapply Q (vsub2 zs c)) <= q * nrm (mapply Q (vsub2 zs c)) + delta) by (fold G in Hd; lra).
    nra.
  - exact Hrate.
  - intro j. split.
    + apply (is_lim_seq_ext (fun n => fst (Fp mu h j (w n)))); [intro n; unfold w; rewrite (gd_Fp mu h z Hz (K + p * n) j); reflexivity |].
      apply (lim2_Fp mu h j w zs Hlim).
    + apply (is_lim_seq_ext (fun n => snd (Fp mu h j (w n)))); [intro n; unfold w; rewrite (gd_Fp mu h z Hz (K + p * n) j); reflexivity |].
      apply (lim2_Fp mu h j w zs Hlim).
Qed.
