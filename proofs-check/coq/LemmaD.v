(* Lemma D (divergence of the scalar family): docs/math.md section 5,
   docs/checker.md Lemma 6, proofs-check/gd.cpp lemma_d. *)
Require Import Reals Lra Lia.
Require Import LrCert.Scalar.
Open Scope R_scope.

(* The quantities of Lemma D at a reduced state z, for sigma in {+1, -1}. *)
Definition wD (sigma : R) (z : R * R) : R := sigma * fst z * snd z.
Definition mD (sigma mu : R) : R := sigma * mu.
Definition tD (sigma mu h : R) (z : R * R) : R := h * (wD sigma z - mD sigma mu).
Definition qD (sigma : R) (z : R * R) : R := sq z / (2 * wD sigma z).

(* The four hypotheses the checker verifies at step K. *)
Definition lemma_D_hyps (sigma mu h : R) (z : R * R) : Prop :=
  0 < wD sigma z /\ mD sigma mu < wD sigma z /\ 4 * qD sigma z <= tD sigma mu h z /\
  2 <= h * wD sigma z * tD sigma mu h z.

Lemma sigma_sq sigma : sigma = 1 \/ sigma = -1 -> sigma * sigma = 1.
Proof. intros [-> | ->]; ring. Qed.

(* One step: w+ = w (1 + t^2 - 2 t q) and S+ = (1 + t^2) S - 4 t w. *)
Lemma wD_step sigma mu h z : sigma = 1 \/ sigma = -1 ->
  wD sigma (F mu h z) = wD sigma z - tD sigma mu h z * sq z + tD sigma mu h z ^ 2 * wD sigma z.
Proof. intros [-> | ->]; unfold tD, wD, mD, F, sq, res; simpl; ring. Qed.

Lemma sqD_step sigma mu h z : sigma = 1 \/ sigma = -1 ->
  sq (F mu h z) = (1 + tD sigma mu h z ^ 2) * sq z - 4 * tD sigma mu h z * wD sigma z.
Proof. intros [-> | ->]; unfold tD, wD, mD, F, sq, res; simpl; ring. Qed.

(* The arithmetic core of the induction step. *)
Lemma lemma_D_core (h w m Sv t : R) :
  t = h * (w - m) -> 0 < w -> m < w -> 0 <= Sv -> 4 * (Sv / (2 * w)) <= t -> 2 <= h * w * t ->
  let w1 := w - t * Sv + t ^ 2 * w in
  let Sv1 := (1 + t ^ 2) * Sv - 4 * t * w in
  let t1 := h * (w1 - m) in
  0 < h /\ 0 < t /\ w * (1 + t ^ 2 / 2) <= w1 /\ 2 * t <= t1 /\
  0 < w1 /\ m < w1 /\ (0 <= Sv1 -> 4 * (Sv1 / (2 * w1)) <= t1) /\ 2 <= h * w1 * t1.
Proof.
  intros Ht Hw Hm HS Hq Hhwt w1 Sv1 t1.
  assert (Hq' : 2 * Sv <= t * w).
  { replace (4 * (Sv / (2 * w))) with (2 * Sv / w) in Hq by (field; lra).
    apply Rmult_le_compat_r with (r := w) in Hq; [| lra].
    replace (2 * Sv / w * w) with (2 * Sv) in Hq by (field; lra). lra. }
  assert (Htp : 0 < t).
  { assert (0 <= t) by (destruct (Rle_dec 0 t); [assumption | nra]).
    destruct (Req_dec t 0) as [Z|]; [rewrite Z in Hhwt; lra | lra]. }
  assert (Hh : 0 < h).
  { destruct (Rle_dec h 0); [| lra]. assert (h * (w - m) <= 0) by nra. lra. }
  assert (Hw1 : w * (1 + t ^ 2 / 2) <= w1).
  { unfold w1. assert (t * Sv <= t ^ 2 * w / 2) by nra. lra. }
  assert (Hww : w <= w1) by (pose proof (pow2_ge_0 t); nra).
  assert (Ht1 : 2 * t <= t1).
  { unfold t1. replace (h * (w1 - m)) with (t + h * (w1 - w)) by (rewrite Ht; ring).
    assert (h * (t ^ 2 * w / 2) <= h * (w1 - w)) by (apply Rmult_le_compat_l; lra).
    assert (E : h * (t ^ 2 * w / 2) = t * (h * w * t / 2)) by field.
    assert (t * 1 <= t * (h * w * t / 2)) by (apply Rmult_le_compat_l; lra).
    rewrite E in H.
    lra. }
  repeat split; try lra.
  - intros HS1. replace (4 * (Sv1 / (2 * w1))) with (2 * Sv1 / w1) by (field; lra).
    apply Rmult_le_reg_r with w1; [lra |].
    replace (2 * Sv1 / w1 * w1) with (2 * Sv1) by (field; lra).
    assert (2 * Sv1 <= 2 * (1 + t ^ 2) * Sv) by (unfold Sv1; nra).
    assert (t * w * (2 + t ^ 2) <= t1 * w1).
    { apply Rle_trans with (2 * t * (w * (1 + t ^ 2 / 2))); [right; field |].
      apply Rmult_le_compat; nra. }
    assert (2 * Sv * (1 + t ^ 2) <= t * w * (2 + t ^ 2)) by (pose proof (pow2_ge_0 t); nra).
    lra.
  - assert (h * w * (2 * t) <= h * w1 * t1).
    { apply Rmult_le_compat; nra. }
    lra.
Qed.

Lemma lemma_D_step sigma mu h z : sigma = 1 \/ sigma = -1 ->
  lemma_D_hyps sigma mu h z ->
  lemma_D_hyps sigma mu h (F mu h z) /\ 2 * tD sigma mu h z <= tD sigma mu h (F mu h z) /\ 0 < h.
Proof.
  intros Hs [H1 [H2 [H3 H4]]].
  pose proof (lemma_D_core h (wD sigma z) (mD sigma mu) (sq z) (tD sigma mu h z) eq_refl H1 H2 (sq_nonneg z) H3 H4)
    as C. cbv zeta in C.
  destruct C as [Hh [Ht [_ [Ht1 [Hw1 [Hm1 [Hq1 Hhwt1]]]]]]].
  rewrite <- (wD_step sigma mu h z Hs) in Ht1, Hw1, Hm1, Hq1, Hhwt1.
  rewrite <- (sqD_step sigma mu h z Hs) in Hq1.
  fold (tD sigma mu h (F mu h z)) in Ht1, Hq1, Hhwt1.
  unfold lemma_D_hyps, qD. repeat split; auto. apply Hq1, sq_nonneg.
Qed.

(* Theorem (Lemma D). If the hypotheses hold at step K of the GD run, then
   for every k >= K they hold again, t_{k+1} >= 2 t_k, h |r_k| = t_k >= 2^(k-K) t_K,
   and the loss f(z_k) = r_k^2 / 2 tends to infinity. *)
Theorem lemma_D (sigma mu h : R) (z : nat -> R * R) (K : nat) :
  gd_seq mu h z -> sigma = 1 \/ sigma = -1 ->
  lemma_D_hyps sigma mu h (z K) ->
  (forall n, lemma_D_hyps sigma mu h (z (K + n)%nat) /\
             2 * tD sigma mu h (z (K + n)%nat) <= tD sigma mu h (z (K + S n)%nat) /\
             2 ^ n * tD sigma mu h (z K) <= tD sigma mu h (z (K + n)%nat) /\
             h * Rabs (res mu (z (K + n)%nat)) = tD sigma mu h (z (K + n)%nat)) /\
  (forall M, exists N, forall n, (N <= n)%nat -> M <= loss mu (z (K + n)%nat)).
Proof.
  intros Hz Hs HK.
  assert (All : forall n, lemma_D_hyps sigma mu h (z (K + n)%nat) /\
                          2 ^ n * tD sigma mu h (z K) <= tD sigma mu h (z (K + n)%nat)).
  { induction n as [|n [IHh IHt]].
    - rewrite Nat.add_0_r. split; [exact HK | simpl; lra].
    - replace (K + S n)%nat with (S (K + n)) by lia. rewrite Hz.
      destruct (lemma_D_step sigma mu h _ Hs IHh) as [Hn [Ht _]].
      split; [exact Hn | simpl; lra]. }
  assert (Hh : 0 < h) by (destruct (lemma_D_step sigma mu h _ Hs HK) as [_ [_ Hh]]; exact Hh).
  assert (Hr : forall n, h * Rabs (res mu (z (K + n)%nat)) = tD sigma mu h (z (K + n)%nat)).
  { intro n. destruct (All n) as [[_ [Hm _]] _].
    unfold tD. replace (wD sigma (z (K + n)%nat) - mD sigma mu) with (- (sigma * res mu (z (K + n)%nat)))
      by (unfold wD, mD, res; ring).
    assert (Eq : wD sigma (z (K + n)%nat) - mD sigma mu = - (sigma * res mu (z (K + n)%nat)))
      by (unfold wD, mD, res; ring).
    assert (Hpos : 0 < - (sigma * res mu (z (K + n)%nat))) by lra.
    f_equal. destruct Hs as [-> | ->].
    + rewrite Rabs_left by lra. ring.
    + rewrite Rabs_right by lra. ring. }
  split.
  - intro n. destruct (All n) as [Hn Ht]. split; [exact Hn |]. split; [| split; [exact Ht | apply Hr]].
    replace (K + S n)%nat with (S (K + n)) by lia. rewrite Hz.
    destruct (lemma_D_step sigma mu h _ Hs Hn) as [_ [T _]]. exact T.
  - intro M. set (t0 := tD sigma mu h (z K)).
    assert (Ht0 : 0 < t0).
    { destruct HK as [H1 [H2 [H3 H4]]].
      destruct (lemma_D_core h _ _ _ _ eq_refl H1 H2 (sq_nonneg (z K)) H3 H4) as [_ [T _]]. exact T. }
    destruct (Pow_x_infinity 2 ltac:(rewrite Rabs_right; lra) (sqrt (2 * Rabs M) * h / t0)) as [N HN].
    exists N. intros n Hn. specialize (HN n Hn). rewrite Rabs_right in HN by (apply Rle_ge, pow_le; lra).
    unfold loss. destruct (All n) as [_ Tn]. pose proof (Hr n) as Rn.
    assert (L : sqrt (2 * Rabs M) <= Rabs (res mu (z (K + n)%nat))).
    { apply Rmult_le_reg_l with h; [lra |]. rewrite Rn.
      apply Rle_trans with (2 ^ n * t0); [| exact Tn].
      apply Rge_le in HN. apply Rmult_le_compat_r with (r := t0) in HN; [| lra].
      replace (sqrt (2 * Rabs M) * h / t0 * t0) with (h * sqrt (2 * Rabs M)) in HN by (field; lra). exact HN. }
    assert (L2 : 2 * Rabs M <= Rabs (res mu (z (K + n)%nat)) ^ 2).
    { rewrite <- (pow2_sqrt (2 * Rabs M)) by (pose proof (Rabs_pos M); lra).
      apply pow_incr. split; [apply sqrt_pos | exact L]. }
    rewrite <- pow2_abs. pose proof (Rle_abs M). lra.
Qed.
