(* Lemma S (convergence of the scalar family from step K on): docs/math.md
   section 4, docs/checker.md Lemma 4, proofs-check/gd.cpp lemma_s. *)
From Coquelicot Require Import Coquelicot.
Require Import Reals Lra Lia.
Require Import LrCert.Scalar.
Open Scope R_scope.

(* |log(1 + t)| <= |t| / (1 - |t|) for |t| < 1. *)
Lemma ln_bound t : Rabs t < 1 -> Rabs (ln (1 + t)) <= Rabs t / (1 - Rabs t).
Proof.
  intro Ht. assert (Hp : 0 < 1 + t) by (unfold Rabs in Ht; destruct (Rcase_abs t); lra).
  assert (Up : ln (1 + t) <= t).
  { rewrite <- (ln_exp t) at 2. apply ln_le; [lra | apply exp_ineq1_le]. }
  assert (Lo : t / (1 + t) <= ln (1 + t)).
  { assert (H : ln (/ (1 + t)) <= / (1 + t) - 1).
    { rewrite <- (ln_exp (/ (1 + t) - 1)). apply ln_le; [apply Rinv_0_lt_compat; lra |].
      pose proof (exp_ineq1_le (/ (1 + t) - 1)). lra. }
    rewrite ln_Rinv in H by lra. replace (t / (1 + t)) with (- (/ (1 + t) - 1)) by (field; lra). lra. }
  set (a := Rabs t) in *. assert (Ha : 0 <= a) by apply Rabs_pos.
  set (D := a / (1 - a)).
  assert (HD : D * (1 - a) = a) by (unfold D; field; lra).
  assert (HaD : a <= D) by nra.
  apply Rabs_le. split.
  - unfold a in *. destruct (Rcase_abs t) as [Neg|Pos].
    + rewrite Rabs_left in * by lra.
      replace (t / (1 + t)) with (- D) in Lo by (unfold D; rewrite Rabs_left by lra; field; lra). lra.
    + assert (0 <= t / (1 + t)) by (apply Rdiv_le_0_compat; lra). lra.
  - apply Rle_trans with t; [exact Up |]. apply Rle_trans with a; [apply Rle_abs | exact HaD].
Qed.

Lemma pow_le_one x n : 0 <= x <= 1 -> x ^ n <= 1.
Proof. intro H. rewrite <- (pow1 n). apply pow_incr. exact H. Qed.

(* A product p_{n+1} = (1 + g_n) p_n with |g_n| <= C0 rho^n, C0 < 1, rho < 1
   converges to p_0 exp(L) with |L| <= C0 / ((1 - C0)(1 - rho)). *)
Lemma prod_limit (p g : nat -> R) (C0 rho : R) :
  0 <= rho < 1 -> 0 <= C0 < 1 ->
  (forall n, Rabs (g n) <= C0 * rho ^ n) ->
  (forall n, p (S n) = (1 + g n) * p n) ->
  exists L, Rabs L <= C0 / ((1 - C0) * (1 - rho)) /\ is_lim_seq p (p O * exp L).
Proof.
  intros Hr HC Hg Hp.
  assert (Hpow : forall n, 0 <= rho ^ n <= 1).
  { intro n; split; [apply pow_le; lra | apply pow_le_one; lra]. }
  assert (Hg1 : forall n, Rabs (g n) <= C0).
  { intro n. pose proof (Hpow n). eapply Rle_trans; [apply Hg |]. nra. }
  set (k := C0 / (1 - C0)).
  assert (Hk : 0 <= k) by (unfold k; apply Rdiv_le_0_compat; lra).
  set (a := fun n => ln (1 + g n)).
  assert (Ha : forall n, Rabs (a n) <= k * rho ^ n).
  { intro n. unfold a. pose proof (Hg1 n). pose proof (Hg n). pose proof (Rabs_pos (g n)).
    eapply Rle_trans; [apply ln_bound; lra |].
    unfold k. unfold Rdiv.
    replace (C0 * / (1 - C0) * rho ^ n) with ((C0 * rho ^ n) * / (1 - C0)) by ring.
    apply Rmult_le_compat; [lra | left; apply Rinv_0_lt_compat; lra | lra |].
    apply Rinv_le_contravar; lra. }
  assert (Ex : ex_series a).
  { apply (ex_series_le a (fun n => k * rho ^ n)); [exact Ha |].
    apply (ex_series_ext (fun n => scal k (rho ^ n))); [reflexivity |].
    apply (@ex_series_scal_l R_AbsRing R_NormedModule k (fun n => rho ^ n)).
    apply ex_series_geom. rewrite Rabs_right; lra. }
  set (L := Series a).
  assert (HL : is_lim_seq (fun n => sum_f_R0 a n) L).
  { apply (is_lim_seq_ext (sum_n a)); [intro; apply sum_n_Reals |]. apply (Series_correct a Ex). }
  set (B := C0 / ((1 - C0) * (1 - rho))).
  assert (Hsum : forall n, Rabs (sum_f_R0 a n) <= B).
  { intro n. eapply Rle_trans; [apply sum_f_R0_triangle |].
    eapply Rle_trans; [apply (sum_Rle _ (fun i => rho ^ i * k)); intros i _; rewrite Rmult_comm; apply Ha |].
    rewrite <- scal_sum, tech3 by lra.
    unfold B, k. pose proof (Hpow (S n)).
    replace (C0 / ((1 - C0) * (1 - rho))) with (C0 / (1 - C0) * (1 / (1 - rho))) by (field; lra).
    apply Rmult_le_compat_l; [exact Hk |]. unfold Rdiv.
    apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; lra | lra]. }
  exists L. split.
  - apply Rabs_le. split.
    + assert (Rbar_le (- B) L).
      { apply (is_lim_seq_le (fun _ => - B) (fun n => sum_f_R0 a n)); [| apply is_lim_seq_const | exact HL].
        intro n; pose proof (Hsum n) as H; apply Rabs_le_between in H; lra. }
      simpl in H; exact H.
    + assert (Rbar_le L B).
      { apply (is_lim_seq_le (fun n => sum_f_R0 a n) (fun _ => B)); [| exact HL | apply is_lim_seq_const].
        intro n; pose proof (Hsum n) as H; apply Rabs_le_between in H; lra. }
      simpl in H; exact H.
  - assert (Hprod : forall n, p (S n) = p O * exp (sum_f_R0 a n)).
    { assert (Pos : forall n, 0 < 1 + g n) by (intro n; pose proof (Hg1 n); unfold Rabs in *; destruct (Rcase_abs (g n)); lra).
      assert (Ea : forall n, exp (a n) = 1 + g n) by (intro n; unfold a; apply exp_ln, Pos).
      induction n as [|n IH].
      - simpl. rewrite Ea, Hp. ring.
      - rewrite Hp, IH. simpl. rewrite exp_plus, Ea. ring. }
    apply is_lim_seq_incr_1.
    apply (is_lim_seq_ext (fun n => p O * exp (sum_f_R0 a n))); [intro n; rewrite Hprod; reflexivity |].
    apply (is_lim_seq_scal_l _ (p O) (exp L)).
    apply (is_lim_seq_continuous exp _ L); [apply derivable_continuous_pt, derivable_pt_exp | exact HL].
Qed.

Lemma exp_mono x y : x <= y -> exp x <= exp y.
Proof.
  intro H. destruct (Rle_lt_or_eq_dec x y H) as [L|E]; [left; apply exp_increasing; exact L | rewrite E; lra].
Qed.

(* The window I_S = [max(S_lo - Delta, 0, 2 (|mu| - eps)), S_hi + Delta]. *)
Definition S_floor (mu eps : R) : R := Rmax 0 (2 * (Rabs mu - eps)).
Definition IS_lo (mu eps S_lo Delta : R) : R := Rmax (S_lo - Delta) (S_floor mu eps).
Definition IS_hi (S_hi Delta : R) : R := S_hi + Delta.
(* delta = 2 h eps / ((1 - rho)(1 - h eps)) *)
Definition delta_S (h eps rho : R) : R := 2 * h * eps / ((1 - rho) * (1 - h * eps)).

(* Every state with |r| <= eps has S >= 2 |x y| = 2 |mu - r| >= 2 (|mu| - eps). *)
Lemma floor_ok mu eps z : Rabs (res mu z) <= eps -> S_floor mu eps <= sq z.
Proof.
  intro H. unfold S_floor. apply Rmax_lub; [apply sq_nonneg |].
  pose proof (sq_ge_2xy mu z) as E.
  pose proof (Rabs_triang_inv mu (mu - res mu z)) as T.
  replace (mu - (mu - res mu z)) with (res mu z) in T by ring. lra.
Qed.

(* Theorem (Lemma S). The hypotheses are those the checker verifies at step K
   (pointwise: |r_K| <= eps, S_K in [S_lo, S_hi], and rho, c bounds of |s| and
   of the drift of S over the window). Conclusions: for all k >= K,
   |r_k| <= rho^(k-K) eps and S_k in the window; the iterates converge to a
   global minimizer z_inf (r = 0); alpha_inf in alpha_K exp([-delta/2, delta/2]),
   beta_inf in beta_K exp([-delta/2, delta/2]); a_inf - b_inf = 4 mu;
   S_inf in the window, |1 - h S_inf| <= rho and h S_inf < 2. *)
Theorem lemma_S (mu h : R) (z : nat -> R * R) (K : nat) (eps S_lo S_hi Delta rho c : R) :
  gd_seq mu h z -> 0 < h ->
  Rabs (res mu (z K)) <= eps ->
  S_lo <= sq (z K) <= S_hi ->
  0 <= Delta ->
  (forall S r, IS_lo mu eps S_lo Delta <= S <= IS_hi S_hi Delta -> Rabs r <= eps ->
     Rabs (sfac mu h S r) <= rho) ->
  (forall S r, IS_lo mu eps S_lo Delta <= S <= IS_hi S_hi Delta -> Rabs r <= eps ->
     Rabs (drift mu h S r) <= c) ->
  rho < 1 -> h * eps < 1 -> c * eps / (1 - rho) <= Delta ->
  (forall n, Rabs (res mu (z (K + n)%nat)) <= rho ^ n * eps) /\
  (forall n, IS_lo mu eps S_lo Delta <= sq (z (K + n)%nat) <= IS_hi S_hi Delta) /\
  exists zinf : R * R,
    is_lim_seq (fun k => fst (z k)) (fst zinf) /\ is_lim_seq (fun k => snd (z k)) (snd zinf) /\
    res mu zinf = 0 /\
    (exists E, exp (- delta_S h eps rho / 2) <= E <= exp (delta_S h eps rho / 2) /\
               alpha zinf = alpha (z K) * E) /\
    (exists E, exp (- delta_S h eps rho / 2) <= E <= exp (delta_S h eps rho / 2) /\
               beta zinf = beta (z K) * E) /\
    alpha zinf ^ 2 - beta zinf ^ 2 = 4 * mu /\
    IS_lo mu eps S_lo Delta <= sq zinf <= IS_hi S_hi Delta /\
    Rabs (1 - h * sq zinf) <= rho /\ h * sq zinf < 2.
Proof.
  intros Hz Hh Heps HS HDelta Hrho Hc Hrho1 Hheps Hdrift.
  set (zn := fun n => z (K + n)%nat).
  assert (Hzn : forall n, zn (S n) = F mu h (zn n)).
  { intro n; unfold zn; replace (K + S n)%nat with (S (K + n)) by lia; apply Hz. }
  set (lo := IS_lo mu eps S_lo Delta). set (hi := IS_hi S_hi Delta).
  assert (HSK : S_lo <= sq (zn O) <= S_hi) by (unfold zn; rewrite Nat.add_0_r; exact HS).
  assert (He : 0 <= eps) by (pose proof (Rabs_pos (res mu (z K))); lra).
  assert (HS0 : lo <= sq (zn O) <= hi).
  { unfold lo, hi, IS_lo, IS_hi, zn; rewrite Nat.add_0_r. split; [| lra].
    apply Rmax_lub; [lra | apply floor_ok; exact Heps]. }
  assert (Hr0 : 0 <= rho).
  { pose proof (Hrho _ _ HS0 Heps). pose proof (Rabs_pos (sfac mu h (sq (zn O)) (res mu (z K)))). lra. }
  assert (Hc0 : 0 <= c).
  { pose proof (Hc _ _ HS0 Heps). pose proof (Rabs_pos (drift mu h (sq (zn O)) (res mu (z K)))). lra. }
  assert (Hpow : forall n, 0 <= rho ^ n <= 1).
  { intro n; split; [apply pow_le; lra | apply pow_le_one; lra]. }
  assert (Hpe : forall n, rho ^ n * eps <= eps).
  { intro n. pose proof (Hpow n). rewrite <- (Rmult_1_l eps) at 2. apply Rmult_le_compat_r; lra. }
  assert (Hce : c * eps / (1 - rho) >= 0) by (apply Rle_ge, Rdiv_le_0_compat; nra).
  (* the induction *)
  assert (Ind : forall n, Rabs (res mu (zn n)) <= rho ^ n * eps /\
                          Rabs (sq (zn n) - sq (zn O)) <= c * eps * (1 - rho ^ n) / (1 - rho)).
  { induction n as [|n [IHr IHs]].
    - split.
      + unfold zn; rewrite Nat.add_0_r; simpl; lra.
      + replace (sq (zn O) - sq (zn O)) with 0 by ring. rewrite Rabs_R0. simpl. right; field; lra.
    - assert (Hin : lo <= sq (zn n) <= hi).
      { pose proof (Hpow n). apply Rabs_le_between in IHs.
        assert (c * eps * (1 - rho ^ n) / (1 - rho) <= c * eps / (1 - rho)).
        { unfold Rdiv. apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; lra |].
          rewrite <- (Rmult_1_r (c * eps)) at 2. apply Rmult_le_compat_l; [apply Rmult_le_pos; lra | lra]. }
        unfold lo, hi, IS_lo, IS_hi. split; [| lra].
        apply Rmax_lub; [lra |]. apply floor_ok. pose proof (Hpe n). lra. }
      assert (Hre : Rabs (res mu (zn n)) <= eps) by (pose proof (Hpe n); lra).
      pose proof (Hrho _ _ Hin Hre) as Hs. pose proof (Hc _ _ Hin Hre) as Hd.
      rewrite Hzn. split.
      + rewrite res_step, Rabs_mult. simpl.
        apply Rle_trans with (rho * (rho ^ n * eps)); [apply Rmult_le_compat; auto using Rabs_pos | right; ring].
      + replace (sq (F mu h (zn n)) - sq (zn O)) with ((sq (zn n) - sq (zn O)) + (sq (F mu h (zn n)) - sq (zn n))) by ring.
        rewrite sq_drift. eapply Rle_trans; [apply Rabs_triang |]. rewrite Rabs_mult.
        assert (Rabs (res mu (zn n)) * Rabs (drift mu h (sq (zn n)) (res mu (zn n))) <= rho ^ n * eps * c)
          by (apply Rmult_le_compat; auto using Rabs_pos).
        replace (c * eps * (1 - rho ^ S n) / (1 - rho)) with (c * eps * (1 - rho ^ n) / (1 - rho) + rho ^ n * eps * c)
          by (simpl; field; lra).
        lra. }
  assert (Hwin : forall n, lo <= sq (zn n) <= hi).
  { intro n. destruct (Ind n) as [IHr IHs]. pose proof (Hpow n). apply Rabs_le_between in IHs.
    assert (c * eps * (1 - rho ^ n) / (1 - rho) <= c * eps / (1 - rho)).
    { unfold Rdiv. apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; lra |].
          rewrite <- (Rmult_1_r (c * eps)) at 2. apply Rmult_le_compat_l; [apply Rmult_le_pos; lra | lra]. }
    unfold lo, hi, IS_lo, IS_hi. split; [| lra].
    apply Rmax_lub; [lra |]. apply floor_ok. pose proof (Hpe n). lra. }
  split; [intro n; exact (proj1 (Ind n)) |]. split; [exact Hwin |].
  (* the products alpha and beta *)
  assert (Hg : forall n, Rabs (h * res mu (zn n)) <= h * eps * rho ^ n).
  { intro n. rewrite Rabs_mult, (Rabs_right h) by lra. destruct (Ind n) as [R _].
    replace (h * eps * rho ^ n) with (h * (rho ^ n * eps)) by ring. apply Rmult_le_compat_l; lra. }
  assert (Hg' : forall n, Rabs (- (h * res mu (zn n))) <= h * eps * rho ^ n) by (intro n; rewrite Rabs_Ropp; apply Hg).
  assert (HC0 : 0 <= h * eps < 1) by (split; [nra | lra]).
  destruct (prod_limit (fun n => alpha (zn n)) (fun n => h * res mu (zn n)) (h * eps) rho
              ltac:(lra) HC0 Hg ltac:(intro n; simpl; rewrite Hzn; apply alpha_step)) as [La [HLa Ha]].
  destruct (prod_limit (fun n => beta (zn n)) (fun n => - (h * res mu (zn n))) (h * eps) rho
              ltac:(lra) HC0 Hg' ltac:(intro n; simpl; rewrite Hzn, beta_step; ring)) as [Lb [HLb Hb]].
  set (A := alpha (zn O) * exp La) in *. set (B := beta (zn O) * exp Lb) in *.
  set (zinf := ((A + B) / 2, (A - B) / 2)).
  assert (Hx : is_lim_seq (fun n => fst (zn n)) (fst zinf)).
  { apply (is_lim_seq_ext (fun n => (alpha (zn n) + beta (zn n)) * / 2)); [intro; unfold alpha, beta; field |].
    apply (is_lim_seq_scal_r _ (/ 2) (A + B)), is_lim_seq_plus'; assumption. }
  assert (Hy : is_lim_seq (fun n => snd (zn n)) (snd zinf)).
  { apply (is_lim_seq_ext (fun n => (alpha (zn n) - beta (zn n)) * / 2)); [intro; unfold alpha, beta; field |].
    apply (is_lim_seq_scal_r _ (/ 2) (A - B)), is_lim_seq_minus'; assumption. }
  assert (Hres : res mu zinf = 0).
  { assert (L1 : is_lim_seq (fun n => res mu (zn n)) (res mu zinf)).
    { unfold res. apply is_lim_seq_minus'; [apply is_lim_seq_const | apply is_lim_seq_mult'; assumption]. }
    assert (L2 : is_lim_seq (fun n => res mu (zn n)) 0).
    { pose proof (is_lim_seq_scal_r _ eps _ (is_lim_seq_geom rho ltac:(rewrite Rabs_right; lra))) as G.
      replace (Rbar_mult 0 eps) with (Finite 0) in G by (simpl; f_equal; ring).
      pose proof (proj1 (is_lim_seq_opp _ _) G) as G'.
      replace (Rbar_opp 0) with (Finite 0) in G' by (simpl; f_equal; ring).
      apply (is_lim_seq_le_le (fun n => - (rho ^ n * eps)) _ (fun n => rho ^ n * eps)); [| exact G' | exact G].
      intro n; destruct (Ind n) as [R _]; apply Rabs_le_between in R; lra. }
    apply is_lim_seq_unique in L1. apply is_lim_seq_unique in L2. rewrite L1 in L2. injection L2; auto. }
  assert (Halpha : alpha zinf = A) by (unfold alpha, zinf; simpl; field).
  assert (Hbeta : beta zinf = B) by (unfold beta, zinf; simpl; field).
  assert (Hdelta : h * eps / ((1 - h * eps) * (1 - rho)) = delta_S h eps rho / 2)
    by (unfold delta_S; field; lra).
  assert (Hexp : forall L, Rabs L <= h * eps / ((1 - h * eps) * (1 - rho)) ->
            exp (- delta_S h eps rho / 2) <= exp L <= exp (delta_S h eps rho / 2)).
  { intros L HL. rewrite Hdelta in HL. apply Rabs_le_between in HL.
    split; apply exp_mono; lra. }
  assert (HSlim : is_lim_seq (fun n => sq (zn n)) (sq zinf)).
  { unfold sq. apply is_lim_seq_plus'; apply is_lim_seq_mult'; assumption. }
  assert (HSin : lo <= sq zinf <= hi).
  { split.
    - assert (Rbar_le lo (sq zinf)) by (apply (is_lim_seq_le (fun _ => lo) (fun n => sq (zn n)) lo (sq zinf)); [intro n; apply Hwin | apply is_lim_seq_const | exact HSlim]).
      exact H.
    - assert (Rbar_le (sq zinf) hi) by (apply (is_lim_seq_le (fun n => sq (zn n)) (fun _ => hi) (sq zinf) hi); [intro n; apply Hwin | exact HSlim | apply is_lim_seq_const]).
      exact H. }
  assert (Hstab : Rabs (1 - h * sq zinf) <= rho).
  { pose proof (Hrho (sq zinf) 0 HSin ltac:(rewrite Rabs_R0; lra)) as E.
    unfold sfac in E. replace (1 - h * sq zinf - h ^ 2 * 0 * (mu - 0)) with (1 - h * sq zinf) in E by ring. exact E. }
  exists zinf. split; [| split; [| split; [exact Hres | split; [| split; [| split; [| split; [exact HSin | split; [exact Hstab |]]]]]]]].
  - apply (is_lim_seq_incr_n _ K). apply (is_lim_seq_ext (fun n => fst (zn n))); [intro n; unfold zn; rewrite Nat.add_comm; reflexivity | exact Hx].
  - apply (is_lim_seq_incr_n _ K). apply (is_lim_seq_ext (fun n => snd (zn n))); [intro n; unfold zn; rewrite Nat.add_comm; reflexivity | exact Hy].
  - exists (exp La). split; [apply Hexp, HLa |]. rewrite Halpha. unfold A, zn. rewrite Nat.add_0_r. reflexivity.
  - exists (exp Lb). split; [apply Hexp, HLb |]. rewrite Hbeta. unfold B, zn. rewrite Nat.add_0_r. reflexivity.
  - rewrite (a_minus_b mu zinf), Hres. ring.
  - apply Rabs_le_between in Hstab. lra.
Qed.

(* The d-dimensional run (docs/math.md sections 2 and 4): when Lemma S holds
   for the reduced run from (x0', y0') at step K, every coordinate of the
   d-dimensional iterates converges, to
   x_inf = (alpha_inf u0/|u0| + beta_inf v0/|v0|)/2, y_inf = (alpha_inf u0/|u0| - beta_inf v0/|v0|)/2,
   and the limit is a global minimizer: mu - x_inf . y_inf = 0. *)
From LrCert Require Import Reduction.

Lemma lim_scal_r (u : nat -> R) (a l : R) : is_lim_seq u l -> is_lim_seq (fun n => u n * a) (l * a).
Proof. intro H. apply (is_lim_seq_mult' u (fun _ => a) l a H (is_lim_seq_const a)). Qed.

Theorem lemma_S_d (d : nat) (mu h : R) (x0 y0 : nat -> R) (K : nat) (eps S_lo S_hi Delta rho c : R) :
  let z := gd_1 mu h (reduced_start d x0 y0) in
  let eu := dir d (vadd x0 y0) in
  let ev := dir d (vsub x0 y0) in
  0 < h ->
  Rabs (res mu (z K)) <= eps ->
  S_lo <= sq (z K) <= S_hi ->
  0 <= Delta ->
  (forall S r, IS_lo mu eps S_lo Delta <= S <= IS_hi S_hi Delta -> Rabs r <= eps ->
     Rabs (sfac mu h S r) <= rho) ->
  (forall S r, IS_lo mu eps S_lo Delta <= S <= IS_hi S_hi Delta -> Rabs r <= eps ->
     Rabs (drift mu h S r) <= c) ->
  rho < 1 -> h * eps < 1 -> c * eps / (1 - rho) <= Delta ->
  exists zinf : R * R,
    (forall i, (i < d)%nat ->
       is_lim_seq (fun k => fst (gd_d d mu h x0 y0 k) i) ((alpha zinf * eu i + beta zinf * ev i) / 2) /\
       is_lim_seq (fun k => snd (gd_d d mu h x0 y0 k) i) ((alpha zinf * eu i - beta zinf * ev i) / 2)) /\
    resd d mu (fun i => (alpha zinf * eu i + beta zinf * ev i) / 2)
              (fun i => (alpha zinf * eu i - beta zinf * ev i) / 2) = 0 /\
    (exists E, exp (- delta_S h eps rho / 2) <= E <= exp (delta_S h eps rho / 2) /\
               alpha zinf = alpha (z K) * E) /\
    (exists E, exp (- delta_S h eps rho / 2) <= E <= exp (delta_S h eps rho / 2) /\
               beta zinf = beta (z K) * E).
Proof.
  intros z eu ev Hh HK HS HD Hr Hc Hr1 Hhe Hdr.
  assert (Hz : gd_seq mu h z) by (intro k; reflexivity).
  destruct (lemma_S mu h z K eps S_lo S_hi Delta rho c Hz Hh HK HS HD Hr Hc Hr1 Hhe Hdr)
    as [_ [_ [zinf [Hx [Hy [Hres [HA [HB _]]]]]]]].
  exists zinf.
  assert (Ha : is_lim_seq (fun k => alpha (z k)) (alpha zinf)) by (apply is_lim_seq_plus'; assumption).
  assert (Hb : is_lim_seq (fun k => beta (z k)) (beta zinf)) by (apply is_lim_seq_minus'; assumption).
  split; [| split; [| split; assumption]].
  - intros i Hi. split.
    + apply (is_lim_seq_ext (fun k => (alpha (z k) * eu i + beta (z k) * ev i) * / 2)).
      { intro k. destruct (scalar_reduction d mu h x0 y0 k) as [E _]. rewrite (proj1 (E i Hi)). reflexivity. }
      apply lim_scal_r.
      apply is_lim_seq_plus'; apply lim_scal_r; assumption.
    + apply (is_lim_seq_ext (fun k => (alpha (z k) * eu i - beta (z k) * ev i) * / 2)).
      { intro k. destruct (scalar_reduction d mu h x0 y0 k) as [E _]. rewrite (proj2 (E i Hi)). reflexivity. }
      apply lim_scal_r.
      apply is_lim_seq_minus'; apply lim_scal_r; assumption.
  - (* the residual is continuous: the limit of the d-dimensional residuals, which equal the reduced ones *)
    set (X := fun i => (alpha zinf * eu i + beta zinf * ev i) / 2).
    set (Y := fun i => (alpha zinf * eu i - beta zinf * ev i) / 2).
    assert (Hdot : forall n, (n <= d)%nat ->
              is_lim_seq (fun k => dot n (fst (gd_d d mu h x0 y0 k)) (snd (gd_d d mu h x0 y0 k))) (dot n X Y)).
    { induction n as [|n IH]; intro Hn; simpl.
      - apply is_lim_seq_const.
      - apply is_lim_seq_plus'; [apply IH; lia |].
        assert (Hi : (n < d)%nat) by lia.
        apply is_lim_seq_mult'.
        + apply (is_lim_seq_ext (fun k => (alpha (z k) * eu n + beta (z k) * ev n) * / 2)).
          { intro k. destruct (scalar_reduction d mu h x0 y0 k) as [E _]. rewrite (proj1 (E n Hi)). reflexivity. }
          apply lim_scal_r.
          apply is_lim_seq_plus'; apply lim_scal_r; assumption.
        + apply (is_lim_seq_ext (fun k => (alpha (z k) * eu n - beta (z k) * ev n) * / 2)).
          { intro k. destruct (scalar_reduction d mu h x0 y0 k) as [E _]. rewrite (proj2 (E n Hi)). reflexivity. }
          apply lim_scal_r.
          apply is_lim_seq_minus'; apply lim_scal_r; assumption. }
    assert (L1 : is_lim_seq (fun k => resd d mu (fst (gd_d d mu h x0 y0 k)) (snd (gd_d d mu h x0 y0 k))) (resd d mu X Y)).
    { unfold resd. apply is_lim_seq_minus'; [apply is_lim_seq_const | apply Hdot; lia]. }
    assert (L2 : is_lim_seq (fun k => resd d mu (fst (gd_d d mu h x0 y0 k)) (snd (gd_d d mu h x0 y0 k))) (res mu zinf)).
    { apply (is_lim_seq_ext (fun k => res mu (z k))).
      { intro k. destruct (scalar_reduction d mu h x0 y0 k) as [_ E]. rewrite E. reflexivity. }
      unfold res. apply is_lim_seq_minus'; [apply is_lim_seq_const | apply is_lim_seq_mult'; assumption]. }
    apply is_lim_seq_unique in L1. apply is_lim_seq_unique in L2. rewrite L1 in L2.
    injection L2 as E. fold X Y. rewrite E. exact Hres.
Qed.
