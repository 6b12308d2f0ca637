(* L0 of the scalar family for d >= 2 (docs/math.md section 2, "Initial
   sharpness L0"; proofs-check/check.cpp scalar_L0): with S = |x|^2 + |y|^2,
   r = mu - x.y and lambda_+ = (S + sqrt(S^2 - 8 r mu + 12 r^2)) / 2,
   L0 = lambda_max(Hess f) = max(lambda_+, |r|) exactly.

   In the coordinates P = U + V, M = U - V of a direction (U, V) the Hessian
   form is (P.u - M.v)^2 / 4 - r (|P|^2 - |M|^2) / 2 with u = x + y,
   v = x - y; Cauchy-Schwarz (P.u)^2 <= |P|^2 |u|^2, (M.v)^2 <= |M|^2 |v|^2
   reduces the upper bound to the 2 x 2 block of the d = 1 problem (no
   spectral theorem). The bound is attained: by (w, w) and (w, -w) with
   w orthogonal to u or v (Rayleigh quotients -r and r), and by the image of
   the d = 1 eigenvector under the isometric embedding of the reduced
   directions (lambda_+). *)
Require Import Reals Lra Lia.
Require Import LrCert.Scalar LrCert.Reduction LrCert.Ball LrCert.L0 LrCert.Hessian.
Open Scope R_scope.

Lemma cs_dot d P u : dot d P u ^ 2 <= dot d P P * dot d u u.
Proof.
  rewrite !dot_sumn.
  rewrite (sumn_ext d (fun k => P k * P k) (fun k => P k ^ 2)) by (intros; ring).
  rewrite (sumn_ext d (fun k => u k * u k) (fun k => u k ^ 2)) by (intros; ring).
  apply cs_sumn.
Qed.

(* The scalar core: (al - be)^2 / 2 <= (lam + r) A + (lam - r) B when
   al^2 <= a A, be^2 <= b B and lam dominates the 2 x 2 block
   [[a/2 - r, .], [., b/2 + r]] with off-diagonal^2 = a b / 4. *)
Lemma block_ineq a b A B al be lam r :
  0 <= a -> 0 <= b -> 0 <= A -> 0 <= B -> al ^ 2 <= a * A -> be ^ 2 <= b * B ->
  0 <= lam + r - a / 2 -> 0 <= lam - r - b / 2 -> a * b / 4 <= (lam + r - a / 2) * (lam - r - b / 2) ->
  (al - be) ^ 2 / 2 <= (lam + r) * A + (lam - r) * B.
Proof.
  intros Ha Hb HA HB Hal Hbe K1 K2 K12.
  set (k1 := lam + r - a / 2) in *. set (k2 := lam - r - b / 2) in *.
  set (s := k1 * A + k2 * B).
  assert (Hs : 0 <= s) by (unfold s; nra).
  (* s^2 >= 4 k1 k2 A B >= a b A B >= (al be)^2, so s >= |al be| *)
  assert (S2 : (al * be) ^ 2 <= s ^ 2).
  { assert (E1 : 4 * k1 * k2 * (A * B) <= s ^ 2) by (unfold s; pose proof (pow2_ge_0 (k1 * A - k2 * B)); nra).
    assert (E2 : a * b * (A * B) <= 4 * k1 * k2 * (A * B)) by (apply Rmult_le_compat_r; nra).
    assert (E3 : (al * be) ^ 2 <= (a * A) * (b * B)).
    { replace ((al * be) ^ 2) with (al ^ 2 * be ^ 2) by ring.
      apply Rmult_le_compat; try nra. }
    nra. }
  assert (Hab : - (al * be) <= s).
  { destruct (Rle_lt_dec (- (al * be)) 0); [lra |]. apply Rsqr_incr_0_var; [unfold Rsqr; nra | lra]. }
  assert (E : (lam + r) * A + (lam - r) * B - (al - be) ^ 2 / 2 =
              s + (a * A - al ^ 2) / 2 + (b * B - be ^ 2) / 2 + al * be) by (unfold s, k1, k2; field).
  lra.
Qed.

Definition lamp_d (d : nat) (mu : R) (x y : nat -> R) : R :=
  let S := dot d x x + dot d y y in let r := resd d mu x y in
  (S + sqrt (S ^ 2 - 8 * r * mu + 12 * r ^ 2)) / 2.

(* Theorem (the upper bound, every d): the Hessian form is at most
   max(lambda_+, |r|) (|U|^2 + |V|^2). *)
Theorem L0_upper_d d mu (x y U V : nat -> R) :
  hess_form_d d mu x y U V <= Rmax (lamp_d d mu x y) (Rabs (resd d mu x y)) * (dot d U U + dot d V V).
Proof.
  set (r := resd d mu x y). set (L := Rmax (lamp_d d mu x y) (Rabs r)).
  set (u := vadd x y). set (v := vsub x y). set (P := vadd U V). set (M := vsub U V).
  set (a := dot d u u). set (b := dot d v v). set (A := dot d P P). set (B := dot d M M).
  set (al := dot d P u). set (be := dot d M v).
  assert (Hform : hess_form_d d mu x y U V = (al - be) ^ 2 / 4 - r * (A - B) / 2).
  { unfold hess_form_d, al, be, A, B, P, M, u, v. fold r.
    rewrite !dot_add_l, !dot_add_r, !dot_sub_l, !dot_sub_r.
    rewrite (dot_sym d V x), (dot_sym d V U), (dot_sym d U x). field. }
  assert (Hnorm : dot d U U + dot d V V = (A + B) / 2).
  { unfold A, B, P, M. rewrite !dot_add_l, !dot_add_r, !dot_sub_l, !dot_sub_r, (dot_sym d V U). field. }
  assert (HS : dot d x x + dot d y y = (a + b) / 2).
  { unfold a, b, u, v. rewrite !dot_add_l, !dot_add_r, !dot_sub_l, !dot_sub_r, (dot_sym d y x). field. }
  assert (Hmu : mu = (a - b) / 4 + r).
  { unfold r, resd, a, b, u, v. rewrite !dot_add_l, !dot_add_r, !dot_sub_l, !dot_sub_r, (dot_sym d y x). field. }
  assert (Ha : 0 <= a) by apply dot_self_nonneg. assert (Hb : 0 <= b) by apply dot_self_nonneg.
  assert (HA : 0 <= A) by apply dot_self_nonneg. assert (HB : 0 <= B) by apply dot_self_nonneg.
  (* lambda_+ = (S + D)/2 with D^2 = ((a - b)/2 - 2 r)^2 + a b *)
  set (D := sqrt ((dot d x x + dot d y y) ^ 2 - 8 * r * mu + 12 * r ^ 2)).
  assert (Hdisc : (dot d x x + dot d y y) ^ 2 - 8 * r * mu + 12 * r ^ 2 = ((a - b) / 2 - 2 * r) ^ 2 + a * b)
    by (rewrite HS, Hmu; field).
  assert (HD0 : 0 <= D) by apply sqrt_pos.
  assert (HD2 : D ^ 2 = ((a - b) / 2 - 2 * r) ^ 2 + a * b)
    by (unfold D; rewrite Hdisc, pow2_sqrt; [reflexivity | pose proof (pow2_ge_0 ((a - b) / 2 - 2 * r)); pose proof (Rmult_le_pos a b Ha Hb); lra]).
  assert (Hlp : lamp_d d mu x y = ((a + b) / 2 + D) / 2) by (unfold lamp_d; fold r; fold D; rewrite HS; reflexivity).
  assert (HL1 : lamp_d d mu x y <= L) by apply Rmax_l.
  assert (HL2 : Rabs r <= L) by apply Rmax_r.
  assert (HDa : (a - b) / 2 - 2 * r <= D /\ - ((a - b) / 2 - 2 * r) <= D).
  { split; apply Rsqr_incr_0_var; unfold Rsqr; nra. }
  assert (K1 : 0 <= L + r - a / 2) by lra.
  assert (K2 : 0 <= L - r - b / 2) by lra.
  assert (K12 : a * b / 4 <= (L + r - a / 2) * (L - r - b / 2)).
  { set (l0 := lamp_d d mu x y) in *.
    assert (E0 : (l0 + r - a / 2) * (l0 - r - b / 2) = a * b / 4) by (rewrite Hlp; nra).
    assert (0 <= l0 + r - a / 2) by lra. assert (0 <= l0 - r - b / 2) by lra. nra. }
  assert (Hr1 : Rabs r <= L) by exact HL2.
  assert (Hrr : - L <= r <= L) by (unfold Rabs in Hr1; destruct (Rcase_abs r); lra).
  pose proof (block_ineq a b A B al be L r Ha Hb HA HB
                ltac:(unfold al, A, a; rewrite (Rmult_comm (dot d u u)); apply cs_dot)
                ltac:(unfold be, B, b; rewrite (Rmult_comm (dot d v v)); apply cs_dot) K1 K2 K12) as Key.
  rewrite Hform, Hnorm. fold L. lra.
Qed.

(* ---- the bound is attained -------------------------------------------------- *)

(* (w, w) with w . u = 0 has Rayleigh quotient -r, (w, -w) with w . v = 0 has r. *)
Theorem hessian_pm_r_uv d mu (x y w : nat -> R) :
  (dot d w (vadd x y) = 0 ->
     hess_form_d d mu x y w w = - resd d mu x y * (dot d w w + dot d w w)) /\
  (dot d w (vsub x y) = 0 ->
     hess_form_d d mu x y w (vscal (-1) w) = resd d mu x y * (dot d w w + dot d (vscal (-1) w) (vscal (-1) w))).
Proof.
  split; intro H; unfold hess_form_d.
  - rewrite dot_add_r in H. rewrite (dot_sym d x w). replace (dot d w y + dot d w x) with 0 by lra. ring.
  - rewrite dot_sub_r in H. rewrite !dot_scal_l, !dot_scal_r, (dot_sym d x w).
    replace (dot d w y + -1 * dot d w x) with 0 by lra. ring.
Qed.

(* For d >= 2 every vector has a nonzero orthogonal one (in coordinates 0, 1). *)
Definition perp2 (u : nat -> R) : nat -> R :=
  fun i => if Nat.eqb i 0 then (if Req_EM_T (u 0%nat) 0 then (if Req_EM_T (u 1%nat) 0 then 1 else u 1%nat) else u 1%nat)
           else if Nat.eqb i 1 then - u 0%nat else 0.

Lemma dot_low2 d (w u : nat -> R) : (forall i, (2 <= i)%nat -> w i = 0) ->
  dot (S (S d)) w u = w 0%nat * u 0%nat + w 1%nat * u 1%nat.
Proof.
  intro Hw. induction d as [|d IH]; [simpl; ring |].
  change (dot (S (S (S d))) w u) with (dot (S (S d)) w u + w (S (S d)) * u (S (S d))).
  rewrite IH, (Hw (S (S d))) by lia. ring.
Qed.

Lemma perp_exists d (u : nat -> R) : (2 <= d)%nat -> exists w, 0 < dot d w w /\ dot d w u = 0.
Proof.
  intro Hd. destruct d as [|[|d]]; [lia | lia |].
  assert (Hz : forall i, (2 <= i)%nat -> perp2 u i = 0).
  { intros i Hi. unfold perp2. destruct (Nat.eqb_spec i 0); [lia |]. destruct (Nat.eqb_spec i 1); [lia | reflexivity]. }
  exists (perp2 u). rewrite !dot_low2 by exact Hz. unfold perp2; simpl.
  destruct (Req_EM_T (u 0%nat) 0) as [E0|E0]; [destruct (Req_EM_T (u 1%nat) 0) as [E1|E1] |].
  - rewrite E0, E1. split; lra.
  - rewrite E0. split; [nra | ring].
  - split; [nra | ring].
Qed.

(* The reduced directions embed isometrically: with unit eu, ev and
   x = (al eu + be ev)/2, y = (al eu - be ev)/2 (docs/math.md section 2), the
   direction (a1, b1) of the reduced point z' = ((al + be)/2, (al - be)/2)
   maps to U = (s eu + t ev)/2, V = (s eu - t ev)/2 (s = a1 + b1, t = a1 - b1)
   with the same Hessian form and the same norm. *)
Definition emb (eu ev : nat -> R) (s t : R) : nat -> R := fun i => (s * eu i + t * ev i) / 2.

Lemma dot_emb d eu ev s t s' t' :
  dot d (emb eu ev s t) (emb eu ev s' t') =
  (s * s' * dot d eu eu + t * t' * dot d ev ev + (s * t' + t * s') * dot d eu ev) / 4.
Proof.
  rewrite (dot_ext d _ (vscal (/ 2) (vadd (vscal s eu) (vscal t ev))) _ (vscal (/ 2) (vadd (vscal s' eu) (vscal t' ev)))).
  2, 3: intros i _; unfold emb, vscal, vadd; field.
  rewrite !dot_scal_l, !dot_scal_r, !dot_add_l, !dot_add_r, !dot_scal_l, !dot_scal_r, (dot_sym d ev eu). field.
Qed.

Lemma embed_form d mu (eu ev : nat -> R) (al be a1 b1 : R) :
  dot d eu eu = 1 -> dot d ev ev = 1 ->
  let x := emb eu ev al be in let y := emb eu ev al (- be) in
  let zr := ((al + be) / 2, (al - be) / 2) in
  let U := emb eu ev (a1 + b1) (a1 - b1) in let V := emb eu ev (a1 + b1) (- (a1 - b1)) in
  hess_form_d d mu x y U V = hess_form mu zr (a1, b1) /\
  dot d U U + dot d V V = a1 ^ 2 + b1 ^ 2 /\
  dot d x x + dot d y y = sq zr /\ resd d mu x y = res mu zr.
Proof.
  intros Hu Hv x y zr U V. unfold x, y, U, V, hess_form_d, resd.
  rewrite !dot_emb, Hu, Hv. unfold hess_form, hq, sq, res, zr; cbn [fst snd].
  repeat split; field.
Qed.

(* Every (x, y) in R^d (d >= 1) has that form: al = |x + y|, be = |x - y|,
   eu, ev their unit directions (any unit vector for a zero one). *)
Definition e0 : nat -> R := fun i => if Nat.eqb i 0 then 1 else 0.
Definition unit_dir (d : nat) (u : nat -> R) : nat -> R :=
  if Req_EM_T (dot d u u) 0 then e0 else dir d u.

Lemma dot_e0 d : (1 <= d)%nat -> dot d e0 e0 = 1.
Proof.
  intro Hd. induction d as [|d IH]; [lia |]. simpl.
  destruct d as [|d]; [unfold e0; simpl; ring |].
  rewrite IH by lia. unfold e0. destruct (Nat.eqb_spec (S d) 0); [lia | ring].
Qed.

Lemma unit_dir_unit d u : (1 <= d)%nat -> dot d (unit_dir d u) (unit_dir d u) = 1.
Proof.
  intro Hd. unfold unit_dir. destruct (Req_EM_T (dot d u u) 0) as [E|E]; [apply dot_e0, Hd | apply dot_dir, E].
Qed.

Lemma unit_dir_scale d u i : (i < d)%nat -> u i = norm d u * unit_dir d u i.
Proof.
  intro Hi. unfold unit_dir. destruct (Req_EM_T (dot d u u) 0) as [E|E].
  - rewrite (dot_zero_entries d u E i Hi). unfold norm. rewrite E, sqrt_0. ring.
  - apply norm_dir, Hi.
Qed.

Lemma eig_form mu z v l :
  mv (snd z ^ 2) (hq mu z) (fst z ^ 2) v = (l * fst v, l * snd v) -> hess_form mu z v = l * (fst v ^ 2 + snd v ^ 2).
Proof.
  intro E. pose proof (f_equal fst E) as E1. pose proof (f_equal snd E) as E2.
  unfold mv in E1, E2. cbn [fst snd] in E1, E2. unfold hess_form.
  replace (snd z ^ 2 * fst v ^ 2 + 2 * hq mu z * fst v * snd v + fst z ^ 2 * snd v ^ 2)
    with (fst v * (snd z ^ 2 * fst v + hq mu z * snd v) + snd v * (hq mu z * fst v + fst z ^ 2 * snd v)) by ring.
  rewrite E1, E2. ring.
Qed.

(* Theorem (L0 for d >= 2): L0 = lambda_max(Hess f) = max(lambda_+, |r|):
   the Hessian form is at most max(lambda_+, |r|) (|U|^2 + |V|^2) for every
   direction, and some nonzero direction attains it. *)
Theorem L0_d_exact d mu (x y : nat -> R) :
  (2 <= d)%nat ->
  (forall U V, hess_form_d d mu x y U V <= Rmax (lamp_d d mu x y) (Rabs (resd d mu x y)) * (dot d U U + dot d V V)) /\
  exists U V, 0 < dot d U U + dot d V V /\
    hess_form_d d mu x y U V = Rmax (lamp_d d mu x y) (Rabs (resd d mu x y)) * (dot d U U + dot d V V).
Proof.
  intro Hd. split; [intros; apply L0_upper_d |].
  set (r := resd d mu x y).
  unfold Rmax. destruct (Rle_dec (lamp_d d mu x y) (Rabs r)) as [Hle|Hgt].
  - (* |r| >= lambda_+: (w, w) or (w, -w) *)
    destruct (Rle_lt_dec 0 r) as [Hr|Hr].
    + destruct (perp_exists d (vsub x y) Hd) as [w [Hw Hwv]].
      exists w, (vscal (-1) w). rewrite dot_scal_l, dot_scal_r.
      split; [nra |]. rewrite Rabs_right by lra.
      rewrite (proj2 (hessian_pm_r_uv d mu x y w) Hwv). fold r. rewrite dot_scal_l, dot_scal_r. ring.
    + destruct (perp_exists d (vadd x y) Hd) as [w [Hw Hwu]].
      exists w, w. split; [nra |]. rewrite Rabs_left by lra.
      rewrite (proj1 (hessian_pm_r_uv d mu x y w) Hwu). fold r. ring.
  - (* lambda_+: the embedded d = 1 eigenvector *)
    assert (Hd1 : (1 <= d)%nat) by lia.
    set (eu := unit_dir d (vadd x y)). set (ev := unit_dir d (vsub x y)).
    set (al := norm d (vadd x y)). set (be := norm d (vsub x y)).
    assert (Hx : forall i, (i < d)%nat -> x i = emb eu ev al be i).
    { intros i Hi. unfold emb, eu, ev, al, be. rewrite <- !unit_dir_scale by exact Hi. unfold vadd, vsub. field. }
    assert (Hy : forall i, (i < d)%nat -> y i = emb eu ev al (- be) i).
    { intros i Hi. unfold emb, eu, ev, al, be.
      replace (- norm d (vsub x y) * unit_dir d (vsub x y) i) with (- (norm d (vsub x y) * unit_dir d (vsub x y) i)) by ring.
      rewrite <- !unit_dir_scale by exact Hi. unfold vadd, vsub. field. }
    set (zr := ((al + be) / 2, (al - be) / 2)).
    destruct (proj2 (proj2 (L0_closed_form mu zr))) as [v [Hv Ev]].
    set (a1 := fst v). set (b1 := snd v).
    pose proof (embed_form d mu eu ev al be a1 b1 (unit_dir_unit d _ Hd1) (unit_dir_unit d _ Hd1)) as Emb.
    cbv zeta in Emb. destruct Emb as [Ef [En [ES Er]]].
    (* every quantity depends on x, y only through their first d entries *)
    assert (Dxy : forall f g f' g', (forall i, (i < d)%nat -> f i = f' i) -> (forall i, (i < d)%nat -> g i = g' i) ->
                   dot d f g = dot d f' g') by (intros; apply dot_ext; auto).
    assert (HF : forall U V, hess_form_d d mu x y U V = hess_form_d d mu (emb eu ev al be) (emb eu ev al (- be)) U V).
    { intros U V. unfold hess_form_d, resd.
      rewrite (Dxy U y U (emb eu ev al (- be))), (Dxy x V (emb eu ev al be) V), (Dxy x y (emb eu ev al be) (emb eu ev al (- be)));
        auto. }
    assert (Hlp : lamp_d d mu x y = L0_d1 mu zr).
    { unfold lamp_d, L0_d1. cbv zeta. unfold zr. rewrite <- Er, <- ES. unfold r, resd.
      rewrite (Dxy x x (emb eu ev al be) (emb eu ev al be)), (Dxy y y (emb eu ev al (- be)) (emb eu ev al (- be))),
        (Dxy x y (emb eu ev al be) (emb eu ev al (- be))); auto. }
    exists (emb eu ev (a1 + b1) (a1 - b1)), (emb eu ev (a1 + b1) (- (a1 - b1))).
    rewrite En, HF, Ef, Hlp.
    assert (Hn1 : a1 ^ 2 + b1 ^ 2 = 1) by (unfold a1, b1; rewrite <- nrm_sq, Hv; ring).
    split; [lra |].
    (* hess_form = v . (H v) = lambda_+ |v|^2 *)
    fold zr. replace (a1, b1) with v by (unfold a1, b1; destruct v; reflexivity).
    rewrite (eig_form mu zr v _ Ev). unfold a1, b1. ring.
Qed.

(* Theorem (the scalar limit's quantities, docs/math.md section 2; check.cpp
   check_scalar): at x = (al eu + be ev)/2, y = (al eu - be ev)/2 with unit eu,
   ev (the form lemma_S_d gives the limit, eu = u0/|u0|, ev = v0/|v0|):
   |x - y|^2 = be^2 (imbalance), |x + y|^2 = al^2 (a), |x|^2 - |y|^2 =
   al be eu.ev (norm gap), S = (al^2 + be^2)/2, and where r = 0 the
   sharpness max(lambda_+, |r|) (lambda_+ for d = 1) is S. *)
Theorem limit_quantities d mu (eu ev : nat -> R) (al be : R) :
  dot d eu eu = 1 -> dot d ev ev = 1 ->
  let x := emb eu ev al be in let y := emb eu ev al (- be) in
  dot d (vsub x y) (vsub x y) = be ^ 2 /\
  dot d (vadd x y) (vadd x y) = al ^ 2 /\
  dot d x x - dot d y y = al * be * dot d eu ev /\
  dot d x x + dot d y y = (al ^ 2 + be ^ 2) / 2 /\
  (resd d mu x y = 0 ->
     lamp_d d mu x y = dot d x x + dot d y y /\
     Rmax (lamp_d d mu x y) (Rabs (resd d mu x y)) = dot d x x + dot d y y).
Proof.
  intros Hu Hv x y.
  assert (Hs : dot d (vsub x y) (vsub x y) = dot d (emb eu ev 0 (2 * be)) (emb eu ev 0 (2 * be)))
    by (apply dot_ext; intros; unfold x, y, vsub, emb; field).
  assert (Ha : dot d (vadd x y) (vadd x y) = dot d (emb eu ev (2 * al) 0) (emb eu ev (2 * al) 0))
    by (apply dot_ext; intros; unfold x, y, vadd, emb; field).
  assert (HS : dot d x x + dot d y y = (al ^ 2 + be ^ 2) / 2) by (unfold x, y; rewrite !dot_emb, Hu, Hv; field).
  split; [rewrite Hs, dot_emb, Hu, Hv; field |].
  split; [rewrite Ha, dot_emb, Hu, Hv; field |].
  split; [unfold x, y; rewrite !dot_emb, Hu, Hv; field |].
  split; [exact HS |].
  intro Hr.
  assert (HS0 : 0 <= dot d x x + dot d y y) by (pose proof (dot_self_nonneg d x); pose proof (dot_self_nonneg d y); lra).
  assert (L : lamp_d d mu x y = dot d x x + dot d y y).
  { unfold lamp_d. cbv zeta. rewrite Hr.
    replace ((dot d x x + dot d y y) ^ 2 - 8 * 0 * mu + 12 * 0 ^ 2) with ((dot d x x + dot d y y) ^ 2) by ring.
    rewrite sqrt_pow2 by exact HS0. field. }
  split; [exact L |]. rewrite L, Hr, Rabs_R0. unfold Rmax. destruct (Rle_dec _ _); lra.
Qed.
