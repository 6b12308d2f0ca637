(* The Krawczyk test of the orbits certificate (docs/math.md section 11.2,
   docs/checker.md Lemma 12; krawczyk_image and krawczyk_orbit in
   proofs-check/orbits.cpp), for the reduced 2-D map F of the scalar family.

   X = [lo1, hi1] x [lo2, hi2] with lo < hi, m its midpoint, r its half
   widths, G = F^p - id, C any real 2 x 2 matrix and T(z) = z - C G(z). The
   checker evaluates in interval arithmetic
     K(X) = m - C [G(m)] + (I - C [DG]) (X - m),   [DG] = J_p - I,
   with J_p enclosing DF^p over X, and tests that K(X) lies in the interior of
   X. With Rb_ij the magnitude of the interval entry (I - C [DG])_ij, the
   product (I - C [DG])_ij (X_j - m_j) is [-Rb_ij r_j, Rb_ij r_j] (X_j - m_j =
   [-r_j, r_j]), so the strict inclusion says, for the exact g = C G(m),
     |g_i| + Rb_i1 r_1 + Rb_i2 r_2 < r_i        (i = 1, 2)        (HK)
   and every matrix I - C (D - I) with the rows of D rows of DF^p at points of
   X has entries of magnitude at most Rb_ij (HR). Those two are the
   hypotheses here. They make T a contraction of X into itself in the scaled
   maximum norm max_i |v_i| / r_i, with factor
   q = max_i (Rb_i1 r_1 + Rb_i2 r_2) / r_i < 1; they also make C non-singular,
   so the fixed point of T (Banach) is the one zero of G in X. *)
From Coquelicot Require Import Coquelicot.
Require Import Reals Lra Lia.
Require Import LrCert.Scalar LrCert.Ball LrCert.LemmaC.
Open Scope R_scope.

Definition e11 (M : mat2) : R := fst (fst M).
Definition e12 (M : mat2) : R := snd (fst M).
Definition e21 (M : mat2) : R := fst (snd M).
Definition e22 (M : mat2) : R := snd (snd M).
Definition msub (A B : mat2) : mat2 :=
  ((e11 A - e11 B, e12 A - e12 B), (e21 A - e21 B, e22 A - e22 B)).
Definition det2 (M : mat2) : R := e11 M * e22 M - e12 M * e21 M.

(* I - C (D - I), the matrix of T's mean value form *)
Definition Rmat (C D : mat2) : mat2 := msub mid2 (mmul C (msub D mid2)).

Definition inX (lo hi z : R * R) : Prop := fst lo <= fst z <= fst hi /\ snd lo <= snd z <= snd hi.
Definition midX (lo hi : R * R) : R * R := ((fst lo + fst hi) / 2, (snd lo + snd hi) / 2).
Definition radX (lo hi : R * R) : R * R := ((fst hi - fst lo) / 2, (snd hi - snd lo) / 2).

Definition Gp (mu h : R) (p : nat) (z : R * R) : R * R := vsub2 (Fp mu h p z) z.
Definition Tk (mu h : R) (p : nat) (C : mat2) (z : R * R) : R * R := vsub2 z (mapply C (Gp mu h p z)).

(* the magnitudes bound the entries of every mean value matrix over X *)
Definition ent_bound (Rb M : mat2) : Prop :=
  Rabs (e11 M) <= e11 Rb /\ Rabs (e12 M) <= e12 Rb /\ Rabs (e21 M) <= e21 Rb /\ Rabs (e22 M) <= e22 Rb.

(* ---- 2 x 2 algebra ---------------------------------------------------------- *)

Lemma det_mmul A B : det2 (mmul A B) = det2 A * det2 B.
Proof. unfold det2, mmul, e11, e12, e21, e22, dot2, col1, col2; simpl; ring. Qed.

Lemma det0_kernel A : det2 A = 0 -> exists v, v <> (0, 0) /\ mapply A v = (0, 0).
Proof.
  destruct A as [[a b] [c d]]. unfold det2, e11, e12, e21, e22, mapply, dot2; simpl. intro D.
  destruct (Req_dec a 0) as [Ha|Ha]; [destruct (Req_dec b 0) as [Hb|Hb] |].
  - destruct (Req_dec d 0) as [Hd|Hd]; [destruct (Req_dec c 0) as [Hc|Hc] |].
    + exists (1, 0). split; [intro E; injection E; lra |]. simpl. subst. f_equal; ring.
    + exists (0, 1). split; [intro E; injection E; lra |]. simpl. subst. f_equal; ring.
    + exists (d, - c). split; [intro E; injection E; lra |]. simpl. subst. f_equal; ring.
  - exists (b, - a). split; [intro E; injection E; lra |]. simpl. f_equal; lra.
  - exists (b, - a). split; [intro E; injection E; lra |]. simpl. f_equal; lra.
Qed.

Lemma adj_apply C w : mapply C w = (0, 0) -> det2 C * fst w = 0 /\ det2 C * snd w = 0.
Proof.
  destruct C as [[a b] [c d]], w as [w1 w2]. unfold mapply, det2, e11, e12, e21, e22, dot2; simpl.
  intro E. injection E as E1 E2. split.
  - replace ((a * d - b * c) * w1) with (d * (a * w1 + b * w2) - b * (c * w1 + d * w2)) by ring.
    rewrite E1, E2; ring.
  - replace ((a * d - b * c) * w2) with (a * (c * w1 + d * w2) - c * (a * w1 + b * w2)) by ring.
    rewrite E1, E2; ring.
Qed.

Lemma Rmat_apply C D v : mapply (Rmat C D) v = vsub2 v (mapply C (vsub2 (mapply D v) v)).
Proof.
  destruct C as [[a b] [c d]], D as [[a' b'] [c' d']], v as [v1 v2].
  unfold Rmat, msub, mid2, mmul, mapply, vsub2, e11, e12, e21, e22, dot2, col1, col2; simpl. f_equal; ring.
Qed.

Lemma mapply_zero C : mapply C (0, 0) = (0, 0).
Proof. unfold mapply, dot2; simpl. f_equal; ring. Qed.

(* ---- the box and the scaled maximum norm ------------------------------------ *)

Section Box.
Variables (lo hi : R * R).
Context (Hlo1 : fst lo < fst hi) (Hlo2 : snd lo < snd hi).
Let m := midX lo hi.
Let r1 := fst (radX lo hi).
Let r2 := snd (radX lo hi).

Lemma r1_pos : 0 < r1.
Proof. unfold r1, radX; simpl; lra. Qed.
Lemma r2_pos : 0 < r2.
Proof. unfold r2, radX; simpl; lra. Qed.

Definition nv (v : R * R) : R := Rmax (Rabs (fst v) / r1) (Rabs (snd v) / r2).

Lemma nv_nonneg v : 0 <= nv v.
Proof.
  unfold nv. eapply Rle_trans; [| apply Rmax_l].
  apply Rmult_le_pos; [apply Rabs_pos | left; apply Rinv_0_lt_compat, r1_pos].
Qed.

Lemma nv_coord v : Rabs (fst v) <= r1 * nv v /\ Rabs (snd v) <= r2 * nv v.
Proof.
  pose proof r1_pos. pose proof r2_pos. unfold nv. split.
  - assert (Rabs (fst v) / r1 <= Rmax (Rabs (fst v) / r1) (Rabs (snd v) / r2)) by apply Rmax_l.
    replace (Rabs (fst v)) with (r1 * (Rabs (fst v) / r1)) at 1 by (field; lra).
    apply Rmult_le_compat_l; lra.
  - assert (Rabs (snd v) / r2 <= Rmax (Rabs (fst v) / r1) (Rabs (snd v) / r2)) by apply Rmax_r.
    replace (Rabs (snd v)) with (r2 * (Rabs (snd v) / r2)) at 1 by (field; lra).
    apply Rmult_le_compat_l; lra.
Qed.

Lemma nv_le v c : Rabs (fst v) <= r1 * c -> Rabs (snd v) <= r2 * c -> nv v <= c.
Proof.
  pose proof r1_pos. pose proof r2_pos. intros A B. unfold nv. apply Rmax_lub.
  - apply (Rmult_le_reg_l r1); [lra |]. replace (r1 * (Rabs (fst v) / r1)) with (Rabs (fst v)) by (field; lra). lra.
  - apply (Rmult_le_reg_l r2); [lra |]. replace (r2 * (Rabs (snd v) / r2)) with (Rabs (snd v)) by (field; lra). lra.
Qed.

Lemma nv_zero v : nv v <= 0 -> v = (0, 0).
Proof.
  intro H. destruct (nv_coord v) as [A B]. pose proof r1_pos. pose proof r2_pos.
  pose proof (nv_nonneg v). assert (nv v = 0) by lra.
  destruct v as [v1 v2]; simpl in *. f_equal.
  - apply Rabs_eq_0. pose proof (Rabs_pos v1). nra.
  - apply Rabs_eq_0. pose proof (Rabs_pos v2). nra.
Qed.

Lemma inX_mid : inX lo hi m.
Proof. unfold inX, m, midX; simpl; lra. Qed.

(* |z_i - m_i| <= r_i in X, and conversely *)
Lemma inX_rad z : inX lo hi z <-> Rabs (fst z - fst m) <= r1 /\ Rabs (snd z - snd m) <= r2.
Proof.
  unfold inX, m, midX, r1, r2, radX; simpl.
  split; intros [A B]; [split; apply Rabs_le; lra |].
  apply Rabs_le_between in A. apply Rabs_le_between in B. lra.
Qed.

Lemma inX_nv z : inX lo hi z -> nv (vsub2 z m) <= 1.
Proof.
  intro H. apply inX_rad in H. destruct H. apply nv_le; rewrite Rmult_1_r; assumption.
Qed.

Lemma inX_seg a b t : inX lo hi a -> inX lo hi b -> 0 <= t <= 1 -> inX lo hi (seg a (vsub2 b a) t).
Proof.
  unfold inX, seg, vsub2; simpl. intros [[A1 A2] [A3 A4]] [[B1 B2] [B3 B4]] T.
  repeat split; nra.
Qed.

(* |(M v)_i| <= (Rb_i1 r_1 + Rb_i2 r_2) nv(v) *)
Lemma ent_apply Rb M v : ent_bound Rb M ->
  Rabs (fst (mapply M v)) <= (e11 Rb * r1 + e12 Rb * r2) * nv v /\
  Rabs (snd (mapply M v)) <= (e21 Rb * r1 + e22 Rb * r2) * nv v.
Proof.
  intros [B11 [B12 [B21 B22]]]. destruct (nv_coord v) as [V1 V2].
  unfold mapply, dot2; simpl. fold (e11 M) (e12 M) (e21 M) (e22 M).
  split.
  - eapply Rle_trans; [apply Rabs_triang |]. rewrite !Rabs_mult.
    pose proof (Rabs_pos (e11 M)). pose proof (Rabs_pos (e12 M)).
    pose proof (Rabs_pos (fst v)). pose proof (Rabs_pos (snd v)).
    assert (Rabs (e11 M) * Rabs (fst v) <= e11 Rb * (r1 * nv v)) by (apply Rmult_le_compat; lra).
    assert (Rabs (e12 M) * Rabs (snd v) <= e12 Rb * (r2 * nv v)) by (apply Rmult_le_compat; lra).
    lra.
  - eapply Rle_trans; [apply Rabs_triang |]. rewrite !Rabs_mult.
    pose proof (Rabs_pos (e21 M)). pose proof (Rabs_pos (e22 M)).
    pose proof (Rabs_pos (fst v)). pose proof (Rabs_pos (snd v)).
    assert (Rabs (e21 M) * Rabs (fst v) <= e21 Rb * (r1 * nv v)) by (apply Rmult_le_compat; lra).
    assert (Rabs (e22 M) * Rabs (snd v) <= e22 Rb * (r2 * nv v)) by (apply Rmult_le_compat; lra).
    lra.
Qed.

Lemma msub_apply D v : mapply (msub D mid2) v = vsub2 (mapply D v) v.
Proof.
  destruct D as [[a b] [c d]], v as [v1 v2].
  unfold msub, mid2, mapply, vsub2, e11, e12, e21, e22, dot2; simpl. f_equal; ring.
Qed.

(* ---- T on X: the mean value form, a contraction into X ---------------------- *)

Variables (mu h : R) (p : nat) (C Rb : mat2).
Let T := Tk mu h p C.
Let g := mapply C (Gp mu h p m).

(* T(b) - T(a) = (I - C (D - I)) (b - a), the rows of D rows of DF^p at
   points of the segment [a, b] (in X). *)
Lemma T_diff a b : inX lo hi a -> inX lo hi b -> exists xi1 xi2, inX lo hi xi1 /\ inX lo hi xi2 /\
  vsub2 (T b) (T a) = mapply (Rmat C (rowsD mu h p xi1 xi2)) (vsub2 b a).
Proof.
  intros Ha Hb. destruct (Fp_mean_value mu h p a b) as [t1 [t2 [H1 [H2 E]]]].
  exists (seg a (vsub2 b a) t1), (seg a (vsub2 b a) t2).
  split; [apply inX_seg; auto | split; [apply inX_seg; auto |]].
  rewrite Rmat_apply, <- E. unfold T, Tk, Gp, mapply, vsub2, dot2; simpl. f_equal; ring.
Qed.

Lemma T_fixed z : Fp mu h p z = z -> T z = z.
Proof.
  intro E. unfold T, Tk, Gp. rewrite E.
  replace (vsub2 z z) with (0, 0) by (unfold vsub2; f_equal; ring).
  rewrite mapply_zero. unfold vsub2; destruct z; simpl; f_equal; ring.
Qed.

Lemma T_mid : T m = vsub2 m g.
Proof. reflexivity. Qed.

(* Every zero of G in X lies in K(X): z - (m - C G(m)) = (I - C (D - I)) (z - m). *)
Lemma zero_in_image z : inX lo hi z -> Fp mu h p z = z ->
  exists xi1 xi2, inX lo hi xi1 /\ inX lo hi xi2 /\
    vsub2 z (vsub2 m g) = mapply (Rmat C (rowsD mu h p xi1 xi2)) (vsub2 z m).
Proof.
  intros Hz E. destruct (T_diff m z inX_mid Hz) as [xi1 [xi2 [H1 [H2 D]]]].
  exists xi1, xi2. split; [exact H1 | split; [exact H2 |]].
  rewrite (T_fixed z E), T_mid in D. exact D.
Qed.

Context (HR : forall xi1 xi2, inX lo hi xi1 -> inX lo hi xi2 -> ent_bound Rb (Rmat C (rowsD mu h p xi1 xi2))).
Context (HK1 : Rabs (fst g) + (e11 Rb * r1 + e12 Rb * r2) < r1).
Context (HK2 : Rabs (snd g) + (e21 Rb * r1 + e22 Rb * r2) < r2).

Let s1 := e11 Rb * r1 + e12 Rb * r2.
Let s2 := e21 Rb * r1 + e22 Rb * r2.
Let q := Rmax (s1 / r1) (s2 / r2).

Lemma Rb_nonneg : 0 <= e11 Rb /\ 0 <= e12 Rb /\ 0 <= e21 Rb /\ 0 <= e22 Rb.
Proof.
  destruct (HR m m inX_mid inX_mid) as [A [B [C' D]]].
  pose proof (Rabs_pos (e11 (Rmat C (rowsD mu h p m m)))).
  pose proof (Rabs_pos (e12 (Rmat C (rowsD mu h p m m)))).
  pose proof (Rabs_pos (e21 (Rmat C (rowsD mu h p m m)))).
  pose proof (Rabs_pos (e22 (Rmat C (rowsD mu h p m m)))). lra.
Qed.

Lemma s_nonneg : 0 <= s1 /\ 0 <= s2.
Proof.
  destruct Rb_nonneg as [A [B [C' D]]]. pose proof r1_pos. pose proof r2_pos.
  unfold s1, s2; split; nra.
Qed.

Lemma q_bounds : 0 <= q < 1.
Proof.
  pose proof r1_pos. pose proof r2_pos. destruct s_nonneg.
  pose proof (Rabs_pos (fst g)). pose proof (Rabs_pos (snd g)). split.
  - unfold q. eapply Rle_trans; [| apply Rmax_l]. apply Rmult_le_pos; [lra | left; apply Rinv_0_lt_compat; lra].
  - unfold q. apply Rmax_lub_lt.
    + apply (Rmult_lt_reg_l r1); [lra |]. replace (r1 * (s1 / r1)) with s1 by (field; lra). unfold s1. lra.
    + apply (Rmult_lt_reg_l r2); [lra |]. replace (r2 * (s2 / r2)) with s2 by (field; lra). unfold s2. lra.
Qed.

Lemma ent_q M v : ent_bound Rb M -> nv (mapply M v) <= q * nv v.
Proof.
  intro HM. destruct (ent_apply Rb M v HM) as [A B]. fold s1 in A. fold s2 in B.
  pose proof r1_pos. pose proof r2_pos. pose proof (nv_nonneg v).
  apply nv_le.
  - eapply Rle_trans; [exact A |].
    replace (s1 * nv v) with (r1 * (s1 / r1) * nv v) by (field; lra).
    rewrite Rmult_assoc. apply Rmult_le_compat_l; [lra |]. apply Rmult_le_compat_r; [lra | apply Rmax_l].
  - eapply Rle_trans; [exact B |].
    replace (s2 * nv v) with (r2 * (s2 / r2) * nv v) by (field; lra).
    rewrite Rmult_assoc. apply Rmult_le_compat_l; [lra |]. apply Rmult_le_compat_r; [lra | apply Rmax_r].
Qed.

Lemma T_contraction a b : inX lo hi a -> inX lo hi b -> nv (vsub2 (T b) (T a)) <= q * nv (vsub2 b a).
Proof.
  intros Ha Hb. destruct (T_diff a b Ha Hb) as [xi1 [xi2 [H1 [H2 E]]]]. rewrite E.
  apply ent_q, HR; assumption.
Qed.

Lemma T_into z : inX lo hi z -> inX lo hi (T z).
Proof.
  intro Hz. destruct (T_diff m z inX_mid Hz) as [xi1 [xi2 [H1 [H2 E]]]]. rewrite T_mid in E.
  destruct (ent_apply Rb _ (vsub2 z m) (HR xi1 xi2 H1 H2)) as [A B]. fold s1 in A. fold s2 in B.
  rewrite <- E in A, B. pose proof (inX_nv z Hz). pose proof (nv_nonneg (vsub2 z m)). destruct s_nonneg.
  assert (A' : Rabs (fst (T z) - (fst m - fst g)) <= s1 * nv (vsub2 z m)) by exact A.
  assert (B' : Rabs (snd (T z) - (snd m - snd g)) <= s2 * nv (vsub2 z m)) by exact B.
  clear A B. apply inX_rad. split.
  - replace (fst (T z) - fst m) with ((fst (T z) - (fst m - fst g)) - fst g) by ring.
    eapply Rle_trans; [apply Rabs_triang |]. rewrite Rabs_Ropp.
    assert (s1 * nv (vsub2 z m) <= s1 * 1) by (apply Rmult_le_compat_l; lra). unfold s1 in *. lra.
  - replace (snd (T z) - snd m) with ((snd (T z) - (snd m - snd g)) - snd g) by ring.
    eapply Rle_trans; [apply Rabs_triang |]. rewrite Rabs_Ropp.
    assert (s2 * nv (vsub2 z m) <= s2 * 1) by (apply Rmult_le_compat_l; lra). unfold s2 in *. lra.
Qed.

(* C is non-singular: C (D - I) = I - (I - C (D - I)) is, since
   nv((I - C (D - I)) v) <= q nv(v) with q < 1. *)
Lemma C_nonsingular : det2 C <> 0.
Proof.
  set (D := rowsD mu h p m m). set (P := mmul C (msub D mid2)).
  assert (HP : det2 P <> 0).
  { intro E. destruct (det0_kernel P E) as [v [Hv Pv]].
    assert (Mv : mapply (Rmat C D) v = v).
    { rewrite Rmat_apply, <- msub_apply, <- mapply_mmul. fold P. rewrite Pv.
      unfold vsub2; destruct v; simpl; f_equal; ring. }
    pose proof (ent_q (Rmat C D) v (HR m m inX_mid inX_mid)) as Q. rewrite Mv in Q.
    destruct q_bounds. pose proof (nv_nonneg v).
    apply Hv, nv_zero. nra. }
  intro E. apply HP. unfold P. rewrite det_mmul, E. ring.
Qed.

Lemma cauchy_coord (u beta : nat -> R) : is_lim_seq beta 0 ->
  (forall n k, Rabs (u (n + k)%nat - u n) <= beta n) -> ex_finite_lim_seq u.
Proof.
  intros Hb Hc. apply ex_lim_seq_cauchy_corr. intro e.
  apply is_lim_seq_spec in Hb.
  destruct (Hb (mkposreal (e / 2) ltac:(pose proof (cond_pos e); lra))) as [N HN]. cbn in HN.
  assert (One : forall n, (N <= n)%nat -> Rabs (u n - u N) < e / 2).
  { intros n Hn. replace n with (N + (n - N))%nat by lia.
    eapply Rle_lt_trans; [apply Hc |]. specialize (HN N (le_n N)). rewrite Rminus_0_r in HN.
    eapply Rle_lt_trans; [apply Rle_abs | exact HN]. }
  exists N. intros n k Hn Hk.
  replace (u n - u k) with ((u n - u N) - (u k - u N)) by ring.
  eapply Rle_lt_trans; [apply Rabs_triang |]. rewrite Rabs_Ropp.
  pose proof (One n Hn). pose proof (One k Hk). lra.
Qed.

(* Banach: the iterates of T from m converge to a fixed point of T in X. *)
Lemma T_fixed_point : exists z, inX lo hi z /\ T z = z.
Proof.
  set (w n := Nat.iter n T m).
  assert (Win : forall n, inX lo hi (w n)).
  { induction n as [|n IH]; [exact inX_mid | apply T_into, IH]. }
  set (B := nv (vsub2 (w 1%nat) (w O))).
  destruct q_bounds as [Q0 Q1]. pose proof r1_pos. pose proof r2_pos.
  assert (B0 : 0 <= B) by apply nv_nonneg.
  assert (Step : forall n, nv (vsub2 (w (S n)) (w n)) <= q ^ n * B).
  { induction n as [|n IH]; [rewrite pow_O, Rmult_1_l; apply Rle_refl |].
    change (w (S (S n))) with (T (w (S n))). change (w (S n)) with (T (w n)) at 2.
    eapply Rle_trans; [apply T_contraction; apply Win |].
    change (T (w n)) with (w (S n)). change (q ^ S n) with (q * q ^ n). rewrite Rmult_assoc.
    apply Rmult_le_compat_l; [lra | exact IH]. }
  assert (Coord : forall sel r, (sel = @fst R R /\ r = r1) \/ (sel = @snd R R /\ r = r2) ->
                  ex_finite_lim_seq (fun n => sel (w n))).
  { intros sel r Hsel.
    assert (Hr : 0 < r) by (destruct Hsel as [[_ ->] | [_ ->]]; lra).
    assert (S1 : forall n, Rabs (sel (w (S n)) - sel (w n)) <= r * (q ^ n * B)).
    { intro n. pose proof (nv_coord (vsub2 (w (S n)) (w n))) as [A1 A2]. pose proof (Step n).
      destruct Hsel as [[-> ->] | [-> ->]]; unfold vsub2 in *; simpl in *;
        (eapply Rle_trans; [eassumption | apply Rmult_le_compat_l; lra]). }
    apply (cauchy_coord _ (fun n => r * B * q ^ n / (1 - q))).
    - replace 0 with (r * B * 0 / (1 - q)) by (field; lra).
      apply is_lim_seq_div'; [| apply is_lim_seq_const | lra].
      apply is_lim_seq_mult'; [apply is_lim_seq_const |]. apply is_lim_seq_geom. rewrite Rabs_right; lra.
    - intros n k.
      assert (Sum : Rabs (sel (w (n + k)%nat) - sel (w n)) <= r * B * q ^ n * (1 - q ^ k) / (1 - q)).
      { induction k as [|k IH].
        - rewrite Nat.add_0_r, Rminus_diag_eq, Rabs_R0 by reflexivity. simpl. right; field; lra.
        - replace (n + S k)%nat with (S (n + k)) by lia.
          replace (sel (w (S (n + k))) - sel (w n)) with
            ((sel (w (S (n + k))) - sel (w (n + k)%nat)) + (sel (w (n + k)%nat) - sel (w n))) by ring.
          eapply Rle_trans; [apply Rabs_triang |]. pose proof (S1 (n + k)%nat). rewrite pow_add in *.
          replace (r * B * q ^ n * (1 - q ^ S k) / (1 - q)) with
            (r * (q ^ n * q ^ k * B) + r * B * q ^ n * (1 - q ^ k) / (1 - q)) by (simpl; field; lra).
          lra. }
      eapply Rle_trans; [exact Sum |]. unfold Rdiv.
      apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; lra |].
      pose proof (pow_le q k Q0). pose proof (pow_le q n Q0).
      assert (0 <= r * B * q ^ n) by (apply Rmult_le_pos; [apply Rmult_le_pos |]; lra). nra. }
  destruct (Coord (@fst R R) r1 (or_introl (conj eq_refl eq_refl))) as [l1 L1].
  destruct (Coord (@snd R R) r2 (or_intror (conj eq_refl eq_refl))) as [l2 L2].
  set (z := (l1, l2)).
  assert (Lz : lim2 w z) by (split; assumption).
  assert (Hz : inX lo hi z).
  { unfold inX, z; simpl.
    assert (Bd : forall (u : nat -> R) (l a b : R), is_lim_seq u l -> (forall n, a <= u n <= b) -> a <= l <= b).
    { intros u l a b Hu Hab. split.
      - exact (is_lim_seq_le (fun _ => a) u a l (fun n => proj1 (Hab n)) (is_lim_seq_const a) Hu).
      - exact (is_lim_seq_le u (fun _ => b) l b (fun n => proj2 (Hab n)) Hu (is_lim_seq_const b)). }
    split; [apply (Bd _ _ _ _ L1) | apply (Bd _ _ _ _ L2)]; intro n; apply (Win n). }
  exists z. split; [exact Hz |].
  (* T is continuous: w_{n+1} = T(w_n) tends to T(z) and to z *)
  assert (LT : lim2 (fun n => T (w n)) (T z)).
  { destruct (lim2_Fp mu h p w z Lz) as [F1 F2]. destruct Lz as [W1 W2].
    unfold T, Tk, Gp, mapply, vsub2, dot2; simpl.
    assert (Lin : forall a b, is_lim_seq (fun n => a * (fst (Fp mu h p (w n)) - fst (w n)) + b * (snd (Fp mu h p (w n)) - snd (w n)))
                                        (a * (fst (Fp mu h p z) - fst z) + b * (snd (Fp mu h p z) - snd z))).
    { intros a b. apply is_lim_seq_plus'; apply is_lim_seq_mult'; try apply is_lim_seq_const;
        apply is_lim_seq_minus'; assumption. }
    split; apply is_lim_seq_minus'; try assumption; apply Lin. }
  destruct LT as [T1 T2]. destruct Lz as [W1 W2].
  apply is_lim_seq_incr_1 in W1. apply is_lim_seq_incr_1 in W2.
  change (fun n => fst (w (S n))) with (fun n => fst (T (w n))) in W1.
  change (fun n => snd (w (S n))) with (fun n => snd (T (w n))) in W2.
  pose proof (is_lim_seq_unique _ _ T1) as U1. rewrite (is_lim_seq_unique _ _ W1) in U1.
  pose proof (is_lim_seq_unique _ _ T2) as U2. rewrite (is_lim_seq_unique _ _ W2) in U2.
  injection U1 as U1. injection U2 as U2.
  apply injective_projections; symmetry; assumption.
Qed.

Lemma krawczyk_box : exists z, inX lo hi z /\ Fp mu h p z = z /\
  (forall z', inX lo hi z' -> Fp mu h p z' = z' -> z' = z) /\
  Rabs (fst z - fst m + fst g) <= s1 /\ Rabs (snd z - snd m + snd g) <= s2.
Proof.
  destruct T_fixed_point as [z [Hz Tz]].
  assert (Gz : Fp mu h p z = z).
  { assert (E : mapply C (Gp mu h p z) = (0, 0)).
    { unfold T, Tk in Tz. destruct (mapply C (Gp mu h p z)) as [a b] eqn:Ea.
      unfold vsub2 in Tz. destruct z as [z1 z2]. simpl in Tz. injection Tz as E1 E2. f_equal; lra. }
    destruct (adj_apply C _ E) as [A1 A2]. pose proof C_nonsingular.
    assert (fst (Gp mu h p z) = 0) by (apply (Rmult_eq_reg_l (det2 C)); [lra | auto]).
    assert (snd (Gp mu h p z) = 0) by (apply (Rmult_eq_reg_l (det2 C)); [lra | auto]).
    unfold Gp, vsub2 in *. simpl in *. destruct (Fp mu h p z), z. simpl in *. f_equal; lra. }
  exists z. split; [exact Hz | split; [exact Gz | split]].
  - intros z' Hz' Gz'. destruct q_bounds.
    pose proof (T_contraction z z' Hz Hz') as Hc. rewrite (T_fixed z' Gz'), Tz in Hc.
    pose proof (nv_nonneg (vsub2 z' z)).
    assert (E : vsub2 z' z = (0, 0)) by (apply nv_zero; nra).
    destruct z, z'. unfold vsub2 in E; simpl in E. injection E as E1 E2. f_equal; lra.
  - destruct (zero_in_image z Hz Gz) as [xi1 [xi2 [H1 [H2 E]]]].
    destruct (ent_apply Rb _ (vsub2 z m) (HR xi1 xi2 H1 H2)) as [A B]. fold s1 in A. fold s2 in B.
    rewrite <- E in A, B. pose proof (inX_nv z Hz). pose proof (nv_nonneg (vsub2 z m)). destruct s_nonneg.
    assert (A' : Rabs (fst z - (fst m - fst g)) <= s1 * nv (vsub2 z m)) by exact A.
    assert (B' : Rabs (snd z - (snd m - snd g)) <= s2 * nv (vsub2 z m)) by exact B.
    clear A B.
    replace (fst z - fst m + fst g) with (fst z - (fst m - fst g)) by ring.
    replace (snd z - snd m + snd g) with (snd z - (snd m - snd g)) by ring.
    split; [assert (s1 * nv (vsub2 z m) <= s1 * 1) by (apply Rmult_le_compat_l; lra) | assert (s2 * nv (vsub2 z m) <= s2 * 1) by (apply Rmult_le_compat_l; lra)]; lra.
Qed.
End Box.

(* Theorem (the Krawczyk test, exactly as krawczyk_image / krawczyk_orbit in
   proofs-check/orbits.cpp check it, for the scalar family's reduced map).
   X = [lo, hi] with lo < hi in both coordinates, m its midpoint, r its half
   widths, C any 2 x 2 matrix, g = C (F^p(m) - m); Rb bounds the entries of
   I - C (D - I) for every D whose rows are rows of DF^p at points of X (the
   magnitudes of the checker's interval matrix I - C [DG]); and
   |g_i| + Rb_i1 r_1 + Rb_i2 r_2 < r_i (the strict inclusion K(X) in int X).
   Then F^p has exactly one fixed point z in X (a point of period dividing p
   of GD), and z lies in K(X): |z_i - (m_i - g_i)| <= Rb_i1 r_1 + Rb_i2 r_2. *)
Theorem krawczyk (mu h : R) (p : nat) (lo hi : R * R) (C Rb : mat2) :
  fst lo < fst hi -> snd lo < snd hi ->
  let m := midX lo hi in
  let r := radX lo hi in
  let g := mapply C (Gp mu h p m) in
  (forall xi1 xi2, inX lo hi xi1 -> inX lo hi xi2 -> ent_bound Rb (Rmat C (rowsD mu h p xi1 xi2))) ->
  Rabs (fst g) + (e11 Rb * fst r + e12 Rb * snd r) < fst r ->
  Rabs (snd g) + (e21 Rb * fst r + e22 Rb * snd r) < snd r ->
  exists z, inX lo hi z /\ Fp mu h p z = z /\
    (forall z', inX lo hi z' -> Fp mu h p z' = z' -> z' = z) /\
    Rabs (fst z - (fst m - fst g)) <= e11 Rb * fst r + e12 Rb * snd r /\
    Rabs (snd z - (snd m - snd g)) <= e21 Rb * fst r + e22 Rb * snd r.
Proof.
  intros H1 H2 m r g HR HK1 HK2.
  destruct (krawczyk_box lo hi H1 H2 mu h p C Rb HR HK1 HK2) as [z [A [B [D [E1 E2]]]]].
  exists z. split; [exact A | split; [exact B | split; [exact D |]]].
  replace (fst z - (fst m - fst g)) with (fst z - fst m + fst g) by ring.
  replace (snd z - (snd m - snd g)) with (snd z - snd m + snd g) by ring.
  split; assumption.
Qed.

(* Theorem (the narrowing of krawczyk_orbit: X := X cap K(X), repeated). For
   any box X and any C, every fixed point z of F^p in X satisfies
   z - (m - C G(m)) = (I - C (D - I)) (z - m) with the rows of D rows of DF^p
   at points of X: z lies in the checker's interval K(X), so the one zero
   stays in every narrowed box. *)
Theorem krawczyk_narrow (mu h : R) (p : nat) (lo hi : R * R) (C : mat2) (z : R * R) :
  inX lo hi z -> Fp mu h p z = z ->
  let m := midX lo hi in
  exists xi1 xi2, inX lo hi xi1 /\ inX lo hi xi2 /\
    vsub2 z (vsub2 m (mapply C (Gp mu h p m))) = mapply (Rmat C (rowsD mu h p xi1 xi2)) (vsub2 z m).
Proof.
  intros Hz E m.
  assert (Hlo : fst lo <= fst hi /\ snd lo <= snd hi) by (destruct Hz as [[A B] [C' D]]; lra).
  (* the mean value form needs only the box's convexity *)
  destruct (Fp_mean_value mu h p m z) as [t1 [t2 [T1 [T2 D]]]].
  assert (Hm : inX lo hi m) by (unfold inX, m, midX; simpl; lra).
  assert (Seg : forall t, 0 <= t <= 1 -> inX lo hi (seg m (vsub2 z m) t)).
  { intros t Ht. unfold inX, seg, vsub2 in *; simpl in *. destruct Hm as [[A1 A2] [A3 A4]].
    destruct Hz as [[B1 B2] [B3 B4]]. repeat split; nra. }
  exists (seg m (vsub2 z m) t1), (seg m (vsub2 z m) t2).
  split; [apply Seg; exact T1 | split; [apply Seg; exact T2 |]].
  rewrite Rmat_apply, <- D, E. unfold Gp, mapply, vsub2, dot2; simpl. f_equal; ring.
Qed.
