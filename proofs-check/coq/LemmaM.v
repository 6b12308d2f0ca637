(* Lemma M: mu = 0 and the start on an invariant line (docs/math.md
   section 17, docs/checker.md Lemma 17; checked by lemma_m and
   Checker::check_scalar_lemma_m in proofs-check/check.cpp).

   Stated over the d-dimensional GD iterates, as the checker tests it: the
   hypothesis is |x0 + y0|^2 = 0 (the line u = 0, where w = |x - y|^2 moves)
   or |x0 - y0|^2 = 0 (the line v = 0, where w = |x + y|^2 moves), and the case
   is h w0 against 8. On the line, w_{k+1} = w_k (1 - h w_k / 4)^2 (the
   one-dimensional map t+ = t (1 - t)^2 of t = h w / 4), the residual is
   r = +-w/4 and f = w^2 / 32. *)
From Coquelicot Require Import Coquelicot.
Require Import Reals Lra Lia.
Require Import LrCert.Scalar LrCert.Reduction.
Open Scope R_scope.

(* ---- the scalar map w+ = w (1 - h w / 4)^2 ---------------------------------- *)

Section Moving.
Variables (h : R) (w : nat -> R).
Context (Hh : 0 < h).
Context (Hw0 : 0 <= w O).
Context (Hstep : forall k, w (S k) = w k * (1 - h * w k / 4) ^ 2).

(* h w0 < 8: 0 <= w_k <= w0, w is non-increasing, and its limit L is a fixed
   point with 0 <= h L / 4 < 2, so L = 0. *)
Lemma moving_converges : h * w O < 8 -> is_lim_seq w 0.
Proof.
  intro H8.
  assert (Inv : forall k, 0 <= w k <= w O /\ w (S k) <= w k).
  { assert (B : forall k, 0 <= w k <= w O).
    { induction k as [|k [IH1 IH2]]; [lra |]. rewrite Hstep.
      assert (A : h * w k <= h * w O) by (apply Rmult_le_compat_l; lra).
      assert (A0 : 0 <= h * w k) by (apply Rmult_le_pos; lra).
      assert (T : (1 - h * w k / 4) ^ 2 <= 1) by nra.
      pose proof (pow2_ge_0 (1 - h * w k / 4)).
      split; [apply Rmult_le_pos; lra |]. nra. }
    intro k. split; [apply B |]. destruct (B k). rewrite Hstep.
    assert (A : h * w k <= h * w O) by (apply Rmult_le_compat_l; lra).
    assert (A0 : 0 <= h * w k) by (apply Rmult_le_pos; lra).
    assert ((1 - h * w k / 4) ^ 2 <= 1) by nra. nra. }
  destruct (ex_finite_lim_seq_decr w 0 (fun k => proj2 (Inv k)) (fun k => proj1 (proj1 (Inv k))))
    as [L HL].
  assert (Lo : Rbar_le 0 L) by (apply (is_lim_seq_le (fun _ => 0) w); [apply Inv | apply is_lim_seq_const | exact HL]).
  assert (Hi : Rbar_le L (w O)) by (apply (is_lim_seq_le w (fun _ => w O)); [apply Inv | exact HL | apply is_lim_seq_const]).
  simpl in Lo, Hi.
  assert (HS : is_lim_seq (fun k => w (S k)) L) by (apply -> is_lim_seq_incr_1; exact HL).
  assert (HG : is_lim_seq (fun k => w (S k)) (L * (1 - h * L / 4) ^ 2)).
  { apply (is_lim_seq_ext (fun k => w k * ((1 - h * w k / 4) * (1 - h * w k / 4)))).
    { intro k. rewrite Hstep. ring. }
    replace (L * (1 - h * L / 4) ^ 2) with (L * ((1 - h * L / 4) * (1 - h * L / 4))) by ring.
    assert (E : is_lim_seq (fun k => 1 - h * w k / 4) (1 - h * L / 4)).
    { apply is_lim_seq_minus'; [apply is_lim_seq_const |].
      apply (is_lim_seq_ext (fun k => (h / 4) * w k)); [intro; field |].
      replace (h * L / 4) with (h / 4 * L) by field. apply is_lim_seq_mult'; [apply is_lim_seq_const | exact HL]. }
    apply is_lim_seq_mult'; [exact HL | apply is_lim_seq_mult'; exact E]. }
  assert (Fix : L = L * (1 - h * L / 4) ^ 2).
  { pose proof (is_lim_seq_unique _ _ HS) as U1. rewrite (is_lim_seq_unique _ _ HG) in U1.
    injection U1 as U1. lra. }
  (* L (1 - (1 - t)^2) = L t (2 - t) = 0 with t = h L / 4 in [0, 2) *)
  assert (L0 : L = 0).
  { assert (E : h * L * L * (8 - h * L) = 16 * (L - L * (1 - h * L / 4) ^ 2)) by field.
    rewrite <- Fix in E. replace (16 * (L - L)) with 0 in E by ring.
    assert (P : 0 < 8 - h * L) by (assert (h * L <= h * w O) by (apply Rmult_le_compat_l; lra); lra).
    assert (E2 : h * (L * L) = 0) by (apply (Rmult_eq_reg_r (8 - h * L)); lra).
    apply Rmult_integral in E2. destruct E2 as [E2|E2]; [lra | nra]. }
  rewrite L0 in HL. exact HL.
Qed.

(* h w0 = 8: w is constant. *)
Lemma moving_fixed : h * w O = 8 -> forall k, w k = w O.
Proof.
  intros H8 k. induction k as [|k IH]; [reflexivity |].
  rewrite Hstep, IH. replace (h * w O / 4) with 2 by lra. ring.
Qed.

(* h w0 > 8: w_k >= w0 and w_{k+1} >= q w_k with q = (h w0 / 4 - 1)^2 > 1,
   so w_k >= q^k w0 -> infinity. *)
Lemma moving_grows : 8 < h * w O ->
  let q := (h * w O / 4 - 1) ^ 2 in
  1 < q /\ (forall k, w O <= w k /\ q * w k <= w (S k)) /\ (forall k, q ^ k * w O <= w k).
Proof.
  intros H8 q.
  assert (Hq : 1 < q) by (unfold q; nra).
  assert (G : forall k, w O <= w k -> q * w k <= w (S k)).
  { intros k Hk. rewrite Hstep. unfold q.
    assert (A : 1 <= h * w O / 4 - 1) by lra.
    assert (B : h * w O / 4 - 1 <= h * w k / 4 - 1) by nra.
    assert (C : (h * w O / 4 - 1) ^ 2 <= (1 - h * w k / 4) ^ 2) by nra.
    assert (0 <= w k) by lra. nra. }
  assert (Lo : forall k, w O <= w k).
  { induction k as [|k IH]; [lra |]. pose proof (G k IH). assert (0 < w O) by nra. nra. }
  split; [exact Hq | split; [intro k; split; [apply Lo | apply G, Lo] |]].
  induction k as [|k IH]; [simpl; lra |].
  pose proof (G k (Lo k)). simpl. nra.
Qed.
(* h w0 <= 6: the rate w_k (1 + k h w0 / 2) <= w0 (docs/math.md 17, (M1)).
   With t = h w / 4 <= 3/2: t (1 - t)^2 (1 + 2 t) = t - t^3 (3 - 2 t) <= t, so
   t+ <= t / (1 + 2 t), and t_k (1 + 2 k t0) <= t0 carries over to k + 1. *)
Lemma moving_rate : h * w O <= 6 -> forall k, w k * (1 + INR k * h * w O / 2) <= w O.
Proof.
  intro H6.
  assert (Mono : forall k, 0 <= w k <= w O).
  { induction k as [|k [IH1 IH2]]; [lra |]. rewrite Hstep.
    assert (A : h * w k <= h * w O) by (apply Rmult_le_compat_l; lra).
    assert (A0 : 0 <= h * w k) by (apply Rmult_le_pos; lra).
    assert (T : (1 - h * w k / 4) ^ 2 <= 1) by nra.
    pose proof (pow2_ge_0 (1 - h * w k / 4)).
    split; [apply Rmult_le_pos; lra |]. nra. }
  set (t k := h * w k / 4).
  assert (Tstep : forall k, t (S k) = t k * (1 - t k) ^ 2) by (intro k; unfold t; rewrite Hstep; field).
  assert (Tb : forall k, 0 <= t k <= 3 / 2).
  { intro k. destruct (Mono k). unfold t. split.
    - apply Rmult_le_pos; [apply Rmult_le_pos |]; lra.
    - assert (h * w k <= h * w O) by (apply Rmult_le_compat_l; lra). lra. }
  assert (Key : forall k, t k * (1 + 2 * INR k * t O) <= t O).
  { induction k as [|k IH]; [simpl; lra |].
    rewrite S_INR, Tstep. set (a := t k) in *. set (c := 1 + 2 * INR k * t O) in *.
    destruct (Tb k) as [Ta0 Ta1]. fold a in Ta0, Ta1. pose proof (Tb O) as [T00 T01].
    set (X := a * (1 - a) ^ 2).
    assert (K1 : X * (1 + 2 * a) <= a).
    { unfold X. assert (E : a * (1 - a) ^ 2 * (1 + 2 * a) = a - a ^ 3 * (3 - 2 * a)) by ring.
      rewrite E. assert (0 <= a ^ 3) by (apply pow_le; lra). nra. }
    assert (X0 : 0 <= X) by (unfold X; apply Rmult_le_pos; [lra | apply pow2_ge_0]).
    assert (Pc : 0 <= c + 2 * t O) by (unfold c; pose proof (pos_INR k); nra).
    assert (K2 : X * (c + 2 * t O) * (1 + 2 * a) <= t O * (1 + 2 * a)).
    { replace (X * (c + 2 * t O) * (1 + 2 * a)) with (X * (1 + 2 * a) * (c + 2 * t O)) by ring.
      apply Rle_trans with (a * (c + 2 * t O)); [apply Rmult_le_compat_r; lra |].
      nra. }
    replace (1 + 2 * (INR k + 1) * t O) with (c + 2 * t O) by (unfold c; ring).
    apply (Rmult_le_reg_r (1 + 2 * a)); [lra | exact K2]. }
  intro k. pose proof (Key k) as E. unfold t in E.
  apply (Rmult_le_reg_l (h / 4)); [lra |].
  replace (h / 4 * (w k * (1 + INR k * h * w O / 2))) with (h * w k / 4 * (1 + 2 * INR k * (h * w O / 4))) by field.
  replace (h / 4 * w O) with (h * w O / 4) by field. exact E.
Qed.
End Moving.

Lemma lim_p_infty_ge (u : nat -> R) (q c : R) :
  1 < q -> 0 < c -> (forall k, q ^ k * c <= u k) -> is_lim_seq u p_infty.
Proof.
  intros Hq Hc Hu. apply is_lim_seq_spec. intro M.
  pose proof (proj2 (is_lim_seq_spec _ _) (is_lim_seq_geom_p q Hq) (M / c)) as [N HN].
  exists N. intros n Hn. specialize (HN n Hn). pose proof (Hu n).
  apply (Rmult_lt_compat_r c) in HN; [| exact Hc].
  replace (M / c * c) with M in HN by (field; lra). lra.
Qed.

Lemma lim_sq_0 (u : nat -> R) : is_lim_seq (fun k => u k ^ 2) 0 -> is_lim_seq u 0.
Proof.
  intro H. apply is_lim_seq_spec. intro eps. pose proof (cond_pos eps) as Pe.
  destruct (proj2 (is_lim_seq_spec _ _) H (mkposreal (eps * eps) ltac:(nra))) as [N HN].
  exists N. intros n Hn. specialize (HN n Hn). simpl in HN. rewrite Rminus_0_r in *.
  rewrite Rabs_right in HN by nra.
  destruct (Rlt_or_le (Rabs (u n)) eps) as [|Ge]; [assumption |].
  exfalso. assert (Rabs (u n) * Rabs (u n) = u n ^ 2) by (rewrite <- Rabs_mult, Rabs_right; nra). nra.
Qed.

(* ---- vectors ------------------------------------------------------------------ *)

Lemma dot_zero_l d u w : (forall i, (i < d)%nat -> u i = 0) -> dot d u w = 0.
Proof.
  induction d as [|d IH]; intro Hu; simpl; [reflexivity |].
  rewrite IH by (intros; apply Hu; lia). rewrite (Hu d) by lia. ring.
Qed.

Lemma entry_sq_le d u i : (i < d)%nat -> u i ^ 2 <= dot d u u.
Proof.
  induction d as [|d IH]; intro Hi; [lia |]. simpl. pose proof (dot_self_nonneg d u).
  destruct (Nat.eq_dec i d) as [->|]; [nra |]. assert (u i ^ 2 <= dot d u u) by (apply IH; lia). nra.
Qed.

Lemma dot_scal_ext d c u u' : (forall i, u' i = c * u i) -> dot d u' u' = c ^ 2 * dot d u u.
Proof.
  intro E. rewrite (dot_ext d u' (vscal c u) u' (vscal c u)) by (intros; unfold vscal; apply E).
  rewrite dot_scal_l, dot_scal_r. ring.
Qed.

(* ---- the line and the iterates -------------------------------------------------- *)

Section Line.
Variables (d : nat) (mu h : R) (x0 y0 : nat -> R) (on_u : bool).
Context (Hmu : mu = 0).

Let X k := fst (gd_d d mu h x0 y0 k).
Let Y k := snd (gd_d d mu h x0 y0 k).
(* the vector that stays 0 (u = x + y on the line u = 0) and the moving one *)
Let Z k := if on_u then vadd (X k) (Y k) else vsub (X k) (Y k).
Let M k := if on_u then vsub (X k) (Y k) else vadd (X k) (Y k).
Let W k := dot d (M k) (M k).
Let r k := resd d mu (X k) (Y k).

Context (Hline : dot d (Z O) (Z O) = 0).

Lemma gd_d_S k : gd_d d mu h x0 y0 (S k) = Fd d mu h (X k, Y k).
Proof. unfold X, Y; simpl. destruct (gd_d d mu h x0 y0 k); reflexivity. Qed.

Lemma X_S k i : X (S k) i = X k i + h * r k * Y k i.
Proof. unfold X at 1; rewrite gd_d_S; reflexivity. Qed.
Lemma Y_S k i : Y (S k) i = Y k i + h * r k * X k i.
Proof. unfold Y at 1; rewrite gd_d_S; reflexivity. Qed.

(* The line is kept: Z_k = 0 on 0 .. d-1, r_k = +-W_k / 4, and
   M_{k+1} = (1 - h W_k / 4) M_k. *)
Lemma line_kept : forall k,
  (forall i, (i < d)%nat -> Z k i = 0) /\
  r k = (if on_u then W k / 4 else - (W k / 4)) /\
  (forall i, M (S k) i = (1 - h * W k / 4) * M k i).
Proof.
  assert (Zs : forall k i, Z (S k) i = (if on_u then 1 + h * r k else 1 - h * r k) * Z k i).
  { intros k i. unfold Z, vadd, vsub. destruct on_u; cbv beta; rewrite X_S, Y_S; ring. }
  assert (Ms : forall k i, M (S k) i = (if on_u then 1 - h * r k else 1 + h * r k) * M k i).
  { intros k i. unfold M, vadd, vsub. destruct on_u; cbv beta; rewrite X_S, Y_S; ring. }
  assert (Z0 : forall k i, (i < d)%nat -> Z k i = 0).
  { induction k as [|k IH]; intros i Hi.
    - exact (dot_zero_entries d (Z O) Hline i Hi).
    - rewrite Zs, IH by exact Hi. ring. }
  assert (Rk : forall k, r k = (if on_u then W k / 4 else - (W k / 4))).
  { intro k. unfold r, resd. rewrite (dot_uv d (X k) (Y k)).
    pose proof (dot_zero_l d (Z k) (Z k) (Z0 k)) as E. unfold W, M. unfold Z in E.
    rewrite Hmu. destruct on_u; rewrite E; field. }
  intro k. split; [exact (Z0 k) | split; [exact (Rk k) |]].
  intro i. rewrite Ms, Rk. destruct on_u; f_equal; field.
Qed.

Lemma W_step k : W (S k) = W k * (1 - h * W k / 4) ^ 2.
Proof.
  unfold W at 1. rewrite (dot_scal_ext d (1 - h * W k / 4) (M k) (M (S k))) by apply line_kept.
  fold (W k). ring.
Qed.

Lemma loss_W k : r k ^ 2 / 2 = W k ^ 2 / 32.
Proof. destruct (line_kept k) as [_ [E _]]. rewrite E. destruct on_u; field. Qed.

(* x = (Z + M) / 2 on both lines; y = (Z - M) / 2 on u = 0, (M - Z) / 2 on v = 0 *)
Lemma X_ZM k i : X k i = (Z k i + M k i) / 2.
Proof. unfold Z, M, vadd, vsub. destruct on_u; cbv beta; field. Qed.
Lemma Y_ZM k i : Y k i = (if on_u then Z k i - M k i else M k i - Z k i) / 2.
Proof. unfold Z, M, vadd, vsub. destruct on_u; cbv beta; field. Qed.

Lemma W_nonneg k : 0 <= W k.
Proof. apply dot_self_nonneg. Qed.

Lemma line_converges : 0 < h -> h * W O < 8 ->
  is_lim_seq W 0 /\ is_lim_seq (fun k => r k ^ 2 / 2) 0 /\
  forall i, (i < d)%nat -> is_lim_seq (fun k => X k i) 0 /\ is_lim_seq (fun k => Y k i) 0.
Proof.
  intros Hh H8.
  assert (HW : is_lim_seq W 0) by (apply (moving_converges h W Hh (W_nonneg O) W_step H8)).
  split; [exact HW | split].
  - apply (is_lim_seq_ext (fun k => W k * W k / 32)); [intro k; rewrite loss_W; field |].
    replace 0 with (0 * 0 / 32) by field. apply is_lim_seq_div'; [apply is_lim_seq_mult'; exact HW | apply is_lim_seq_const | lra].
  - intros i Hi.
    assert (Mi : is_lim_seq (fun k => M k i) 0).
    { apply lim_sq_0. apply (is_lim_seq_le_le (fun _ => 0) _ W); [| apply is_lim_seq_const | exact HW].
      intro k. split; [apply pow2_ge_0 | apply entry_sq_le, Hi]. }
    assert (Zi : forall k, Z k i = 0) by (intro k; apply line_kept, Hi).
    split.
    + apply (is_lim_seq_ext (fun k => M k i / 2)); [intro k; rewrite X_ZM, Zi; field |].
      replace 0 with (0 / 2) by field. apply is_lim_seq_div'; [exact Mi | apply is_lim_seq_const | lra].
    + apply (is_lim_seq_ext (fun k => (if on_u then -1 else 1) * M k i / 2)).
      { intro k. rewrite Y_ZM, Zi. destruct on_u; field. }
      replace 0 with ((if on_u then -1 else 1) * 0 / 2) by (destruct on_u; field).
      apply is_lim_seq_div'; [apply is_lim_seq_mult'; [apply is_lim_seq_const | exact Mi] | apply is_lim_seq_const | lra].
Qed.

Lemma line_rate : 0 < h -> h * W O <= 6 -> forall k, W k * (1 + INR k * h * W O / 2) <= W O.
Proof. intros Hh H6. exact (moving_rate h W Hh (W_nonneg O) W_step H6). Qed.

Lemma line_two_cycle : 0 < h -> h * W O = 8 -> forall k,
  (forall i, (i < d)%nat -> X k i = (-1) ^ k * x0 i /\ Y k i = (-1) ^ k * y0 i) /\ r k ^ 2 / 2 = 2 / h ^ 2.
Proof.
  intros Hh H8.
  assert (Wc : forall k, W k = W O) by exact (moving_fixed h W W_step H8).
  assert (Mflip : forall k i, M (S k) i = - M k i).
  { intros k i. destruct (line_kept k) as [_ [_ E]]. rewrite E, Wc. replace (h * W O / 4) with 2 by lra. ring. }
  intro k. split.
  - intros i Hi. assert (Zi : forall k, Z k i = 0) by (intro; apply line_kept, Hi).
    assert (Mk : M k i = (-1) ^ k * M O i).
    { induction k as [|k IH]; [simpl; ring |]. rewrite Mflip, IH. simpl; ring. }
    change (x0 i) with (X O i). change (y0 i) with (Y O i).
    rewrite !X_ZM, !Y_ZM, !Zi, Mk. split; destruct on_u; field.
  - rewrite loss_W, Wc. assert (E : W O = 8 / h) by (field_simplify_eq; lra). rewrite E. field. lra.
Qed.

Lemma line_diverges : 0 < h -> 8 < h * W O ->
  let q := (h * W O / 4 - 1) ^ 2 in
  1 < q /\ (forall k, q * W k <= W (S k)) /\ is_lim_seq W p_infty /\ is_lim_seq (fun k => r k ^ 2 / 2) p_infty.
Proof.
  intros Hh H8 q.
  destruct (moving_grows h W Hh (W_nonneg O) W_step H8) as [Hq [G P]]. fold q in Hq, G, P.
  assert (Pw : 0 < W O) by nra.
  split; [exact Hq | split; [intro k; apply G |]].
  split; [exact (lim_p_infty_ge W q (W O) Hq Pw P) |].
  apply (lim_p_infty_ge _ q (W O * W O / 32) Hq); [apply Rdiv_lt_0_compat; nra |].
  intro k. rewrite loss_W. pose proof (P k).
  assert (1 <= q ^ k) by (apply pow_R1_Rle; lra).
  assert (W O <= q ^ k * W O) by nra.
  assert (W O * (q ^ k * W O) <= W k * W k) by (apply Rmult_le_compat; nra).
  unfold Rdiv. nra.
Qed.
End Line.

(* Theorem (Lemma M, exactly as lemma_m and check_scalar_lemma_m check it).
   mu = 0, h > 0 and the start on the line named by on_u: |x0 + y0|^2 = 0
   (on_u = true, the line u = 0; the moving square is w = |x - y|^2) or
   |x0 - y0|^2 = 0 (on_u = false, the line v = 0; w = |x + y|^2); w0 is the
   moving square at the start. Then at every step w_{k+1} = w_k (1 - h w_k / 4)^2
   and f(x_k, y_k) = r_k^2 / 2 = w_k^2 / 32, and
   (M1) h w0 < 8: w_k -> 0, f -> 0 and every entry of x_k and y_k tends to 0
        (the limit is the origin, a global minimizer: f >= 0 = f(0, 0)); if
        h w0 <= 6, w_k (1 + k h w0 / 2) <= w0 at every step (the rate);
   (M2) h w0 = 8: x_k = (-1)^k x0, y_k = (-1)^k y0 and f = 2 / h^2 > 0 at every
        step, so f does not tend to its minimum 0 (not converged);
   (M3) h w0 > 8: q = (h w0 / 4 - 1)^2 > 1, w_{k+1} >= q w_k, and w_k -> infinity
        and f -> infinity (diverged). *)
Theorem lemma_M (d : nat) (mu h : R) (x0 y0 : nat -> R) (on_u : bool) :
  mu = 0 -> 0 < h ->
  (if on_u then dot d (vadd x0 y0) (vadd x0 y0) = 0 else dot d (vsub x0 y0) (vsub x0 y0) = 0) ->
  let X k := fst (gd_d d mu h x0 y0 k) in
  let Y k := snd (gd_d d mu h x0 y0 k) in
  let W k := if on_u then dot d (vsub (X k) (Y k)) (vsub (X k) (Y k)) else dot d (vadd (X k) (Y k)) (vadd (X k) (Y k)) in
  let f k := resd d mu (X k) (Y k) ^ 2 / 2 in
  let w0 := if on_u then dot d (vsub x0 y0) (vsub x0 y0) else dot d (vadd x0 y0) (vadd x0 y0) in
  (forall k, W (S k) = W k * (1 - h * W k / 4) ^ 2 /\ f k = W k ^ 2 / 32) /\
  (h * w0 < 8 -> is_lim_seq W 0 /\ is_lim_seq f 0 /\
     forall i, (i < d)%nat -> is_lim_seq (fun k => X k i) 0 /\ is_lim_seq (fun k => Y k i) 0) /\
  (h * w0 <= 6 -> forall k, W k * (1 + INR k * h * w0 / 2) <= w0) /\
  (h * w0 = 8 -> forall k,
     (forall i, (i < d)%nat -> X k i = (-1) ^ k * x0 i /\ Y k i = (-1) ^ k * y0 i) /\ f k = 2 / h ^ 2) /\
  (8 < h * w0 -> let q := (h * w0 / 4 - 1) ^ 2 in
     1 < q /\ (forall k, q * W k <= W (S k)) /\ is_lim_seq W p_infty /\ is_lim_seq f p_infty).
Proof.
  intros Hmu Hh Hline X Y W f w0.
  assert (HZ : dot d (if on_u then vadd (X O) (Y O) else vsub (X O) (Y O))
                     (if on_u then vadd (X O) (Y O) else vsub (X O) (Y O)) = 0)
    by (destruct on_u; exact Hline).
  assert (EW : forall k, W k = dot d (if on_u then vsub (X k) (Y k) else vadd (X k) (Y k))
                                     (if on_u then vsub (X k) (Y k) else vadd (X k) (Y k)))
    by (intro k; unfold W; destruct on_u; reflexivity).
  assert (Ew0 : w0 = W O) by (unfold w0, W, X, Y; destruct on_u; reflexivity).
  assert (EWf : W = fun k => dot d (if on_u then vsub (X k) (Y k) else vadd (X k) (Y k))
                                   (if on_u then vsub (X k) (Y k) else vadd (X k) (Y k))).
  { unfold W. destruct on_u; reflexivity. }
  rewrite Ew0. clear Ew0 w0. rewrite EWf. unfold f. clear EWf EW W f.
  split; [| split; [| split; [| split]]].
  - intro k. split; [apply (W_step d mu h x0 y0 on_u Hmu HZ) | apply (loss_W d mu h x0 y0 on_u Hmu HZ)].
  - apply (line_converges d mu h x0 y0 on_u Hmu HZ Hh).
  - apply (line_rate d mu h x0 y0 on_u Hmu HZ Hh).
  - apply (line_two_cycle d mu h x0 y0 on_u Hmu HZ Hh).
  - apply (line_diverges d mu h x0 y0 on_u Hmu HZ Hh).
Qed.
