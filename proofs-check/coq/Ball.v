(* The ball enclosure step for the reduced 2-D map: docs/math.md section 3,
   docs/checker.md Lemma 1. The mean value inequality along the segment,
   ||DF||_2 = max |1 - h lambda| for the symmetric Jacobian DF = I - h Hess f,
   and e_{k+1} = delta_k + gamma_k e_k. *)
From Coquelicot Require Import Coquelicot.
Require Import Reals Lra.
Require Import LrCert.Scalar.
Open Scope R_scope.

(* Euclidean norm and distance in R^2. *)
Definition nrm (v : R * R) : R := sqrt (fst v ^ 2 + snd v ^ 2).
Definition vsub2 (a b : R * R) : R * R := (fst a - fst b, snd a - snd b).
Definition dist2 (a b : R * R) : R := nrm (vsub2 a b).
Definition dot2 (a b : R * R) : R := fst a * fst b + snd a * snd b.

Lemma nrm_nonneg v : 0 <= nrm v.
Proof. apply sqrt_pos. Qed.

Lemma nrm_sq v : nrm v ^ 2 = fst v ^ 2 + snd v ^ 2.
Proof. unfold nrm. rewrite pow2_sqrt; [reflexivity | nra]. Qed.

Lemma cauchy_schwarz2 a b : dot2 a b <= nrm a * nrm b.
Proof.
  unfold dot2, nrm. rewrite <- sqrt_mult_alt by nra.
  apply Rle_trans with (Rabs (fst a * fst b + snd a * snd b)); [apply Rle_abs |].
  rewrite <- sqrt_Rsqr_abs. apply sqrt_le_1_alt. unfold Rsqr.
  pose proof (pow2_ge_0 (fst a * snd b - snd a * fst b)). nra.
Qed.

Lemma nrm_triangle a b :
  nrm (fst a + fst b, snd a + snd b) <= nrm a + nrm b.
Proof.
  pose proof (cauchy_schwarz2 a b) as CS. unfold dot2 in CS.
  pose proof (nrm_nonneg a). pose proof (nrm_nonneg b).
  apply Rsqr_incr_0_var; [| lra]. unfold Rsqr.
  pose proof (nrm_sq a) as Ea. pose proof (nrm_sq b) as Eb.
  pose proof (nrm_sq (fst a + fst b, snd a + snd b)) as Eab. simpl in Eab.
  nra.
Qed.

Lemma dist2_triangle a b c : dist2 a c <= dist2 a b + dist2 b c.
Proof.
  unfold dist2, vsub2.
  replace (fst a - fst c, snd a - snd c) with
    (fst (vsub2 a b) + fst (vsub2 b c), snd (vsub2 a b) + snd (vsub2 b c))
    by (unfold vsub2; simpl; f_equal; ring).
  apply nrm_triangle.
Qed.

(* A positive semidefinite symmetric 2 x 2 form: trace >= 0 and det >= 0. *)
Lemma psd2 a b c v1 v2 : 0 <= a + c -> b ^ 2 <= a * c -> 0 <= a * v1 ^ 2 + 2 * b * v1 * v2 + c * v2 ^ 2.
Proof.
  intros Ht Hd.
  assert (Ha : 0 <= a) by (destruct (Rle_dec 0 a); [assumption | pose proof (pow2_ge_0 b); nra]).
  destruct (Req_dec a 0) as [Z|NZ].
  - subst a. assert (b = 0) by (pose proof (pow2_ge_0 b); nra). subst b.
    pose proof (pow2_ge_0 v2). nra.
  - assert (Hp : 0 < a) by lra.
    assert (0 <= a * (a * v1 ^ 2 + 2 * b * v1 * v2 + c * v2 ^ 2)).
    { replace (a * (a * v1 ^ 2 + 2 * b * v1 * v2 + c * v2 ^ 2))
        with ((a * v1 + b * v2) ^ 2 + (a * c - b ^ 2) * v2 ^ 2) by ring.
      pose proof (pow2_ge_0 (a * v1 + b * v2)). pose proof (pow2_ge_0 v2). nra. }
    nra.
Qed.

(* The symmetric matrix [[p, q], [q, s]] applied to v. *)
Definition mv (p q s : R) (v : R * R) : R * R := (p * fst v + q * snd v, q * fst v + s * snd v).

(* ||M v|| <= m ||v|| whenever m bounds |l1|, |l2| for the two roots l1, l2 of
   the characteristic polynomial (l1 + l2 = trace, l1 l2 = det). *)
Lemma sym2_bound p q s l1 l2 m v :
  l1 + l2 = p + s -> l1 * l2 = p * s - q ^ 2 -> Rabs l1 <= m -> Rabs l2 <= m ->
  nrm (mv p q s v) <= m * nrm v.
Proof.
  intros Htr Hdet H1 H2.
  assert (Hm : 0 <= m) by (pose proof (Rabs_pos l1); lra).
  assert (E1 : l1 ^ 2 <= m ^ 2) by (rewrite <- (pow2_abs l1); apply pow_incr; split; [apply Rabs_pos | lra]).
  assert (E2 : l2 ^ 2 <= m ^ 2) by (rewrite <- (pow2_abs l2); apply pow_incr; split; [apply Rabs_pos | lra]).
  (* N = m^2 I - M^2 is positive semidefinite: trace 2 m^2 - (l1^2 + l2^2),
     determinant (m^2 - l1^2)(m^2 - l2^2) *)
  assert (Hsq : (p * fst v + q * snd v) ^ 2 + (q * fst v + s * snd v) ^ 2 <= m ^ 2 * (fst v ^ 2 + snd v ^ 2)).
  { assert (T : l1 ^ 2 + l2 ^ 2 = p ^ 2 + 2 * q ^ 2 + s ^ 2).
    { replace (l1 ^ 2 + l2 ^ 2) with ((l1 + l2) ^ 2 - 2 * (l1 * l2)) by ring. rewrite Htr, Hdet. ring. }
    assert (D : (m ^ 2 - l1 ^ 2) * (m ^ 2 - l2 ^ 2) =
                (m ^ 2 - p ^ 2 - q ^ 2) * (m ^ 2 - q ^ 2 - s ^ 2) - (q * (p + s)) ^ 2).
    { replace ((m ^ 2 - l1 ^ 2) * (m ^ 2 - l2 ^ 2)) with
        (m ^ 2 * m ^ 2 - m ^ 2 * (l1 ^ 2 + l2 ^ 2) + (l1 * l2) ^ 2) by ring.
      rewrite T, Hdet. ring. }
    pose proof (psd2 (m ^ 2 - p ^ 2 - q ^ 2) (- (q * (p + s))) (m ^ 2 - q ^ 2 - s ^ 2) (fst v) (snd v)) as P.
    assert (0 <= (m ^ 2 - l1 ^ 2) * (m ^ 2 - l2 ^ 2)) by (apply Rmult_le_pos; lra).
    assert (0 <= m ^ 2 - p ^ 2 - q ^ 2 + (m ^ 2 - q ^ 2 - s ^ 2)) by lra.
    assert (P' : 0 <= (m ^ 2 - p ^ 2 - q ^ 2) * fst v ^ 2 + 2 * - (q * (p + s)) * fst v * snd v +
                 (m ^ 2 - q ^ 2 - s ^ 2) * snd v ^ 2).
    { apply P; [lra | replace ((- (q * (p + s))) ^ 2) with ((q * (p + s)) ^ 2) by ring; lra]. }
    match type of P' with 0 <= ?Q =>
      replace Q with (m ^ 2 * (fst v ^ 2 + snd v ^ 2) -
                      ((p * fst v + q * snd v) ^ 2 + (q * fst v + s * snd v) ^ 2)) in P' by ring end.
    lra. }
  unfold nrm; simpl. rewrite <- (sqrt_pow2 m Hm) at 1. rewrite <- sqrt_mult_alt by nra.
  apply sqrt_le_1_alt. lra.
Qed.

(* The roots of the characteristic polynomial of [[p, q], [q, s]]. *)
Definition eig_minus (p q s : R) : R := (p + s - sqrt ((p - s) ^ 2 + 4 * q ^ 2)) / 2.
Definition eig_plus (p q s : R) : R := (p + s + sqrt ((p - s) ^ 2 + 4 * q ^ 2)) / 2.

Lemma eig_sum p q s : eig_minus p q s + eig_plus p q s = p + s.
Proof. unfold eig_minus, eig_plus; field. Qed.

Lemma eig_prod p q s : eig_minus p q s * eig_plus p q s = p * s - q ^ 2.
Proof.
  unfold eig_minus, eig_plus.
  replace ((p + s - sqrt ((p - s) ^ 2 + 4 * q ^ 2)) / 2 * ((p + s + sqrt ((p - s) ^ 2 + 4 * q ^ 2)) / 2))
    with (((p + s) ^ 2 - sqrt ((p - s) ^ 2 + 4 * q ^ 2) ^ 2) / 4) by field.
  rewrite pow2_sqrt by (pose proof (pow2_ge_0 (p - s)); pose proof (pow2_ge_0 q); lra). field.
Qed.

Lemma eig_le p q s : eig_minus p q s <= eig_plus p q s.
Proof. unfold eig_minus, eig_plus. pose proof (sqrt_pos ((p - s) ^ 2 + 4 * q ^ 2)). lra. Qed.

(* The Hessian of the reduced f = (mu - x y)^2 / 2 at w = (x, y) is
   [[y^2, 2xy - mu], [2xy - mu, x^2]] (Hessian_expansion in L0.v); its
   eigenvalues as the checker writes them (proofs-check/gd.cpp, scalar_gamma):
   (S -+ sqrt((x^2 - y^2)^2 + 4 (2xy - mu)^2)) / 2. *)
Definition hq (mu : R) (w : R * R) : R := 2 * fst w * snd w - mu.
Definition lam_minus (mu : R) (w : R * R) : R :=
  (sq w - sqrt ((fst w ^ 2 - snd w ^ 2) ^ 2 + 4 * hq mu w ^ 2)) / 2.
Definition lam_plus (mu : R) (w : R * R) : R :=
  (sq w + sqrt ((fst w ^ 2 - snd w ^ 2) ^ 2 + 4 * hq mu w ^ 2)) / 2.

Lemma lam_minus_eig mu w : lam_minus mu w = eig_minus (snd w ^ 2) (hq mu w) (fst w ^ 2).
Proof. unfold lam_minus, eig_minus, sq. f_equal. f_equal; [ring | f_equal; ring]. Qed.

Lemma lam_plus_eig mu w : lam_plus mu w = eig_plus (snd w ^ 2) (hq mu w) (fst w ^ 2).
Proof. unfold lam_plus, eig_plus, sq. f_equal. f_equal; [ring | f_equal; ring]. Qed.

(* DF(w) v = v - h Hess f(w) v: the Jacobian of the GD map F, symmetric. *)
Definition DF (mu h : R) (w v : R * R) : R * R :=
  mv (1 - h * snd w ^ 2) (- h * hq mu w) (1 - h * fst w ^ 2) v.

(* DF is the derivative of F along every line: d/dt F(c + t d) = DF(c + t d) d. *)
Lemma F_line_derive mu h (c d : R * R) (t : R) :
  is_derive (fun t => fst (F mu h (fst c + t * fst d, snd c + t * snd d))) t
            (fst (DF mu h (fst c + t * fst d, snd c + t * snd d) d)) /\
  is_derive (fun t => snd (F mu h (fst c + t * fst d, snd c + t * snd d))) t
            (snd (DF mu h (fst c + t * fst d, snd c + t * snd d) d)).
Proof.
  unfold F, DF, mv, hq, res; simpl. split; auto_derive; auto; ring.
Qed.

(* ||DF(w)||_2 = max |1 - h lambda| over the two eigenvalues of the Hessian
   (the upper bound; DF_norm_attained below gives equality). *)
Lemma DF_norm mu h w v :
  nrm (DF mu h w v) <= Rmax (Rabs (1 - h * lam_minus mu w)) (Rabs (1 - h * lam_plus mu w)) * nrm v.
Proof.
  unfold DF. apply sym2_bound with (l1 := 1 - h * lam_minus mu w) (l2 := 1 - h * lam_plus mu w).
  - rewrite lam_minus_eig, lam_plus_eig.
    replace (1 - h * eig_minus (snd w ^ 2) (hq mu w) (fst w ^ 2) + (1 - h * eig_plus (snd w ^ 2) (hq mu w) (fst w ^ 2)))
      with (2 - h * (eig_minus (snd w ^ 2) (hq mu w) (fst w ^ 2) + eig_plus (snd w ^ 2) (hq mu w) (fst w ^ 2))) by ring.
    rewrite eig_sum. ring.
  - rewrite lam_minus_eig, lam_plus_eig.
    replace ((1 - h * eig_minus (snd w ^ 2) (hq mu w) (fst w ^ 2)) * (1 - h * eig_plus (snd w ^ 2) (hq mu w) (fst w ^ 2)))
      with (1 - h * (eig_minus (snd w ^ 2) (hq mu w) (fst w ^ 2) + eig_plus (snd w ^ 2) (hq mu w) (fst w ^ 2))
            + h ^ 2 * (eig_minus (snd w ^ 2) (hq mu w) (fst w ^ 2) * eig_plus (snd w ^ 2) (hq mu w) (fst w ^ 2))) by ring.
    rewrite eig_sum, eig_prod. ring.
  - apply Rmax_l.
  - apply Rmax_r.
Qed.

(* |1 - h lambda| is convex in lambda: on [Llo, Lhi] it is at most its value
   at an end (the checker's gamma = mag(1 - h [Llo, Lhi])). *)
Lemma convex_end h L Llo Lhi :
  0 <= h -> Llo <= L <= Lhi -> Rabs (1 - h * L) <= Rmax (Rabs (1 - h * Llo)) (Rabs (1 - h * Lhi)).
Proof.
  intros Hh [H1 H2].
  assert (h * Llo <= h * L <= h * Lhi) by (split; apply Rmult_le_compat_l; lra).
  unfold Rmax; destruct (Rle_dec _ _);
  unfold Rabs in *; repeat destruct (Rcase_abs _); lra.
Qed.

(* The mean value inequality along the segment [c, z]. *)
Lemma mean_value_ineq mu h (c z : R * R) gamma :
  (forall t, 0 <= t <= 1 -> forall v,
     nrm (DF mu h (fst c + t * (fst z - fst c), snd c + t * (snd z - snd c)) v) <= gamma * nrm v) ->
  dist2 (F mu h z) (F mu h c) <= gamma * dist2 z c.
Proof.
  intro HD.
  assert (Hg : 0 <= gamma).
  { pose proof (HD 0 ltac:(lra) (1, 0)) as G.
    assert (N1 : nrm (1, 0) = 1)
      by (unfold nrm; replace (fst (1, 0) ^ 2 + snd (1, 0) ^ 2) with 1 by (simpl; ring); apply sqrt_1).
    rewrite N1 in G. pose proof (nrm_nonneg (DF mu h (fst c + 0 * (fst z - fst c), snd c + 0 * (snd z - snd c)) (1, 0))). lra. }
  set (d := vsub2 z c). set (e := vsub2 (F mu h z) (F mu h c)).
  set (p := fun t => (fst c + t * fst d, snd c + t * snd d)).
  set (g := fun t => fst (F mu h (p t)) * fst e + snd (F mu h (p t)) * snd e).
  set (g' := fun t => fst (DF mu h (p t) d) * fst e + snd (DF mu h (p t) d) * snd e).
  assert (Hp0 : p 0 = c) by (unfold p; destruct c; simpl; f_equal; ring).
  assert (Hp1 : p 1 = z) by (unfold p, d, vsub2; destruct c, z; simpl; f_equal; ring).
  assert (Der : forall t, 0 <= t <= 1 -> derivable_pt_lim g t (g' t)).
  { intros t _. apply is_derive_Reals. unfold g, g'.
    destruct (F_line_derive mu h c d t) as [D1 D2].
    fold (p t) in D1, D2. unfold p in *.
    apply (is_derive_plus (fun t => fst (F mu h (fst c + t * fst d, snd c + t * snd d)) * fst e)
                          (fun t => snd (F mu h (fst c + t * fst d, snd c + t * snd d)) * snd e)).
    - apply (is_derive_scal_l (fun t => fst (F mu h (fst c + t * fst d, snd c + t * snd d)))
                              _ _ (fst e)) in D1. simpl in D1. unfold scal in D1; simpl in D1.
      unfold mult in D1; simpl in D1.
      eapply is_derive_ext; [| exact D1]. intro; simpl; ring.
    - apply (is_derive_scal_l (fun t => snd (F mu h (fst c + t * fst d, snd c + t * snd d)))
                              _ _ (snd e)) in D2. simpl in D2. unfold scal in D2; simpl in D2.
      unfold mult in D2; simpl in D2.
      eapply is_derive_ext; [| exact D2]. intro; simpl; ring. }
  destruct (MVT_cor2 g g' 0 1 ltac:(lra) Der) as [th [Eth Hth]].
  assert (G10 : g 1 - g 0 = nrm e ^ 2).
  { unfold g. rewrite Hp0, Hp1, nrm_sq. unfold e, vsub2; simpl; ring. }
  assert (Gth : g' th <= gamma * nrm d * nrm e).
  { apply Rle_trans with (nrm (DF mu h (p th) d) * nrm e).
    - apply (cauchy_schwarz2 (DF mu h (p th) d) e).
    - apply Rmult_le_compat_r; [apply nrm_nonneg |].
      apply (HD th ltac:(lra) d). }
  rewrite G10 in Eth. replace (1 - 0) with 1 in Eth by ring.
  fold d e. unfold dist2. fold d e.
  pose proof (nrm_nonneg e). pose proof (nrm_nonneg d).
  destruct (Req_dec (nrm e) 0) as [Z|NZ]; [rewrite Z; nra |].
  apply Rmult_le_reg_r with (nrm e); [lra |]. nra.
Qed.

(* Theorem (ball enclosure step; docs/checker.md Lemma 1 with the scalar
   family's gamma). If z lies in B(c, e), delta >= |F(c) - c1|, the
   eigenvalues of Hess f at every point of the box [c - e, c + e] lie in
   [Llo, Lhi] and gamma >= |1 - h Llo|, |1 - h Lhi|, then F(z) lies in
   B(c1, delta + gamma e). *)
Theorem ball_step_enclosure mu h (c z c1 : R * R) (e delta gamma Llo Lhi : R) :
  0 <= h ->
  dist2 z c <= e ->
  dist2 (F mu h c) c1 <= delta ->
  (forall w, Rabs (fst w - fst c) <= e -> Rabs (snd w - snd c) <= e ->
     Llo <= lam_minus mu w /\ lam_plus mu w <= Lhi) ->
  Rabs (1 - h * Llo) <= gamma -> Rabs (1 - h * Lhi) <= gamma ->
  dist2 (F mu h z) c1 <= delta + gamma * e.
Proof.
  intros Hh Hz Hc Hbox Hlo Hhi.
  assert (Hg : 0 <= gamma) by (pose proof (Rabs_pos (1 - h * Llo)); lra).
  (* the segment [c, z] lies in the ball, hence in the box *)
  assert (Hcomp : Rabs (fst z - fst c) <= e /\ Rabs (snd z - snd c) <= e).
  { unfold dist2, nrm, vsub2 in Hz; simpl in Hz.
    pose proof (pow2_ge_0 (fst z - fst c)). pose proof (pow2_ge_0 (snd z - snd c)).
    split; (eapply Rle_trans; [| exact Hz]); rewrite <- sqrt_Rsqr_abs; apply sqrt_le_1_alt; unfold Rsqr; lra. }
  assert (Hseg : forall t, 0 <= t <= 1 -> forall v,
     nrm (DF mu h (fst c + t * (fst z - fst c), snd c + t * (snd z - snd c)) v) <= gamma * nrm v).
  { intros t Ht v. set (w := (fst c + t * (fst z - fst c), snd c + t * (snd z - snd c))).
    assert (Hw : Llo <= lam_minus mu w /\ lam_plus mu w <= Lhi).
    { apply Hbox; unfold w; simpl.
      - replace (fst c + t * (fst z - fst c) - fst c) with (t * (fst z - fst c)) by ring.
        rewrite Rabs_mult, (Rabs_right t) by lra. destruct Hcomp.
        pose proof (Rabs_pos (fst z - fst c)). nra.
      - replace (snd c + t * (snd z - snd c) - snd c) with (t * (snd z - snd c)) by ring.
        rewrite Rabs_mult, (Rabs_right t) by lra. destruct Hcomp.
        pose proof (Rabs_pos (snd z - snd c)). nra. }
    pose proof (eig_le (snd w ^ 2) (hq mu w) (fst w ^ 2)) as Hle.
    rewrite <- lam_minus_eig, <- lam_plus_eig in Hle.
    eapply Rle_trans; [apply DF_norm |]. apply Rmult_le_compat_r; [apply nrm_nonneg |].
    apply Rmax_lub.
    - eapply Rle_trans; [apply (convex_end h _ Llo Lhi Hh); lra |]. apply Rmax_lub; assumption.
    - eapply Rle_trans; [apply (convex_end h _ Llo Lhi Hh); lra |]. apply Rmax_lub; assumption. }
  pose proof (mean_value_ineq mu h c z gamma Hseg) as MV.
  eapply Rle_trans; [apply (dist2_triangle _ (F mu h c)) |].
  assert (gamma * dist2 z c <= gamma * e) by (apply Rmult_le_compat_l; lra).
  lra.
Qed.

(* The bound of DF_norm is attained (so it is the spectral norm): a unit
   eigenvector of the eigenvalue of larger modulus. *)
Lemma sym2_eigvec p q s l :
  l ^ 2 - (p + s) * l + (p * s - q ^ 2) = 0 ->
  exists v, nrm v = 1 /\ mv p q s v = (l * fst v, l * snd v).
Proof.
  intro Hl.
  assert (Hu : forall v, v <> (0, 0) -> mv p q s v = (l * fst v, l * snd v) ->
             exists v, nrm v = 1 /\ mv p q s v = (l * fst v, l * snd v)).
  { intros v Hv Ev. assert (Hn : 0 < nrm v).
    { unfold nrm. apply sqrt_lt_R0. destruct v as [a b].
      destruct (Req_dec a 0), (Req_dec b 0); subst; simpl in *; try (exfalso; apply Hv; reflexivity); nra. }
    exists (fst v / nrm v, snd v / nrm v). split.
    - unfold nrm at 1. cbn [fst snd].
      replace ((fst v / nrm v) ^ 2 + (snd v / nrm v) ^ 2) with ((fst v ^ 2 + snd v ^ 2) / nrm v ^ 2) by (field; lra).
      rewrite nrm_sq. unfold Rdiv. rewrite Rinv_r; [apply sqrt_1 |]. rewrite <- nrm_sq. nra.
    - unfold mv in *. cbn [fst snd]. injection Ev as E1 E2. f_equal.
      + replace (p * (fst v / nrm v) + q * (snd v / nrm v)) with ((p * fst v + q * snd v) / nrm v) by (field; lra).
        rewrite E1. field; lra.
      + replace (q * (fst v / nrm v) + s * (snd v / nrm v)) with ((q * fst v + s * snd v) / nrm v) by (field; lra).
        rewrite E2. field; lra. }
  destruct (Req_dec q 0) as [Q|Q].
  - subst q. assert (H0 : (l - p) * (l - s) = 0) by (rewrite <- Hl; ring).
    destruct (Rmult_integral _ _ H0) as [A|A].
    + apply (Hu (1, 0)); [intro E; injection E; lra | unfold mv; simpl; f_equal; nra].
    + apply (Hu (0, 1)); [intro E; injection E; lra | unfold mv; simpl; f_equal; nra].
  - apply (Hu (q, l - p)); [intro E; injection E; lra |].
    unfold mv; simpl; f_equal; [ring | nra].
Qed.

Lemma DF_norm_attained mu h w :
  exists v, nrm v = 1 /\
    nrm (DF mu h w v) = Rmax (Rabs (1 - h * lam_minus mu w)) (Rabs (1 - h * lam_plus mu w)).
Proof.
  set (P := 1 - h * snd w ^ 2). set (Q := - h * hq mu w). set (S' := 1 - h * fst w ^ 2).
  set (l1 := 1 - h * lam_minus mu w). set (l2 := 1 - h * lam_plus mu w).
  assert (Hs : l1 + l2 = P + S').
  { unfold l1, l2, P, S'. rewrite lam_minus_eig, lam_plus_eig.
    replace (1 - h * eig_minus (snd w ^ 2) (hq mu w) (fst w ^ 2) + (1 - h * eig_plus (snd w ^ 2) (hq mu w) (fst w ^ 2)))
      with (2 - h * (eig_minus (snd w ^ 2) (hq mu w) (fst w ^ 2) + eig_plus (snd w ^ 2) (hq mu w) (fst w ^ 2))) by ring.
    rewrite eig_sum. ring. }
  assert (Hp : l1 * l2 = P * S' - Q ^ 2).
  { unfold l1, l2, P, S', Q. rewrite lam_minus_eig, lam_plus_eig.
    replace ((1 - h * eig_minus (snd w ^ 2) (hq mu w) (fst w ^ 2)) * (1 - h * eig_plus (snd w ^ 2) (hq mu w) (fst w ^ 2)))
      with (1 - h * (eig_minus (snd w ^ 2) (hq mu w) (fst w ^ 2) + eig_plus (snd w ^ 2) (hq mu w) (fst w ^ 2))
            + h ^ 2 * (eig_minus (snd w ^ 2) (hq mu w) (fst w ^ 2) * eig_plus (snd w ^ 2) (hq mu w) (fst w ^ 2))) by ring.
    rewrite eig_sum, eig_prod. ring. }
  assert (Hroot : forall l, l = l1 \/ l = l2 -> l ^ 2 - (P + S') * l + (P * S' - Q ^ 2) = 0).
  { intros l [-> | ->]; rewrite <- Hs, <- Hp; ring. }
  assert (Hnorm : forall l v, nrm v = 1 -> mv P Q S' v = (l * fst v, l * snd v) -> nrm (mv P Q S' v) = Rabs l).
  { intros l v Hv E. rewrite E. unfold nrm in *. simpl.
    replace (l * fst v * (l * fst v * 1) + l * snd v * (l * snd v * 1))
      with (l ^ 2 * (fst v ^ 2 + snd v ^ 2)) by ring.
    rewrite sqrt_mult_alt by nra. rewrite Hv, Rmult_1_r. rewrite <- sqrt_Rsqr_abs. unfold Rsqr. f_equal. ring. }
  unfold DF. fold P Q S'. fold l1 l2.
  unfold Rmax; destruct (Rle_dec (Rabs l1) (Rabs l2)).
  - destruct (sym2_eigvec P Q S' l2 (Hroot l2 (or_intror eq_refl))) as [v [Hv Ev]].
    exists v. split; [exact Hv | apply (Hnorm l2 v Hv Ev)].
  - destruct (sym2_eigvec P Q S' l1 (Hroot l1 (or_introl eq_refl))) as [v [Hv Ev]].
    exists v. split; [exact Hv | apply (Hnorm l1 v Hv Ev)].
Qed.

(* The whole trajectory (docs/math.md section 3): by induction on k, every
   exact iterate z_k lies in the ball B(c_k, e_k) the checker follows. *)
Theorem ball_trajectory mu h (z c : nat -> R * R) (e delta gamma Llo Lhi : nat -> R) :
  0 <= h -> gd_seq mu h z ->
  dist2 (z O) (c O) <= e O ->
  (forall k, dist2 (F mu h (c k)) (c (S k)) <= delta k) ->
  (forall k w, Rabs (fst w - fst (c k)) <= e k -> Rabs (snd w - snd (c k)) <= e k ->
     Llo k <= lam_minus mu w /\ lam_plus mu w <= Lhi k) ->
  (forall k, Rabs (1 - h * Llo k) <= gamma k /\ Rabs (1 - h * Lhi k) <= gamma k) ->
  (forall k, delta k + gamma k * e k <= e (S k)) ->
  forall k, dist2 (z k) (c k) <= e k.
Proof.
  intros Hh Hz H0 Hd Hbox Hg He k. induction k as [|k IH]; [exact H0 |].
  rewrite Hz. eapply Rle_trans; [| apply He].
  destruct (Hg k) as [G1 G2].
  apply (ball_step_enclosure mu h (c k) (z k) (c (S k)) (e k) (delta k) (gamma k) (Llo k) (Lhi k)); auto.
Qed.
