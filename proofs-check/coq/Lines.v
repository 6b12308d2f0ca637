(* The invariant lines of the scalar family (docs/math.md 11.5; docs/checker.md
   Lemma 16; krawczyk_1d, period_three and OrbitsChecker::check_chaos in
   proofs-check/): the one-dimensional Krawczyk test for g^3 - id with the
   cubic g(w) = c w - k w^3, the minimal period 3 from g(X) disjoint from X,
   and the first step of Li and Yorke's argument (the point a with
   a < g(a) < g^2(a) or a > g(a) > g^2(a), the covering relations of the
   intervals [a, g a] and [g a, g^2 a], a fixed point in the second). *)
Require Import Reals Lra Lia PeanoNat.
Require Import Coquelicot.Coquelicot.
Require Import LrCert.Scalar.
Open Scope R_scope.

(* ---- the 1-D Krawczyk test for any differentiable G -------------------------------- *)

Section K1.
Variables (G G' : R -> R) (lo hi C Rb : R).

Let m := (lo + hi) / 2.
Let r := (hi - lo) / 2.
(* The Newton-like map of the test. *)
Let T (w : R) : R := w - C * G w.

Lemma T_lip :
  (forall x, derivable_pt_lim G x (G' x)) ->
  forall a b, lo <= a <= hi -> lo <= b <= hi ->
  exists xi, lo <= xi <= hi /\ T b - T a = (1 - C * G' xi) * (b - a).
Proof.
  intros HG.
  assert (D : forall x, derivable_pt_lim T x (1 - C * G' x)).
  { intro x. unfold T. apply derivable_pt_lim_minus; [apply derivable_pt_lim_id |].
    replace (C * G' x) with (0 * G x + C * G' x) by ring.
    apply (derivable_pt_lim_mult (fun _ => C) G); [apply derivable_pt_lim_const | apply HG]. }
  assert (M : forall a b, lo <= a <= hi -> lo <= b <= hi -> a < b ->
    exists xi, lo <= xi <= hi /\ T b - T a = (1 - C * G' xi) * (b - a)).
  { intros a b Ha Hb Hab.
    destruct (MVT_cor2 T (fun x => 1 - C * G' x) a b Hab (fun c _ => D c)) as [xi [E Hxi]].
    exists xi. split; [lra | exact E]. }
  intros a b Ha Hb.
  destruct (Rtotal_order a b) as [Hab|[Hab|Hab]].
  - apply M; auto.
  - rewrite Hab. exists b. split; [exact Hb | ring].
  - destruct (M b a Hb Ha Hab) as [xi [Hxi E]]. exists xi. split; [exact Hxi | lra].
Qed.

(* Theorem (the 1-D Krawczyk test, in the form of the checker's interval
   test). G' is the derivative of G; Rb bounds |1 - C G'| over X = [lo, hi]
   (Rb = mag(1 - C [DG]), [DG] an enclosure of G' over X) and the strict
   inclusion of K(X) = m - C G(m) + (1 - C [DG]) (X - m) in the interior of X
   is |C G(m)| + Rb r < r. Then G has exactly one zero w in X, and w lies in
   K(X). *)
Lemma krawczyk_1d_gen :
  (forall x, derivable_pt_lim G x (G' x)) ->
  lo < hi ->
  (forall xi, lo <= xi <= hi -> Rabs (1 - C * G' xi) <= Rb) ->
  Rabs (C * G m) + Rb * r < r ->
  exists w, lo <= w <= hi /\ G w = 0 /\
    (forall w', lo <= w' <= hi -> G w' = 0 -> w' = w) /\
    Rabs (w - (m - C * G m)) <= Rb * r.
Proof.
  intros HG Hlh HR HK.
  assert (Hm : lo <= m <= hi) by (unfold m; lra).
  assert (Hr : 0 < r) by (unfold r; lra).
  assert (Rb0 : 0 <= Rb) by (eapply Rle_trans; [apply Rabs_pos | apply (HR m Hm)]).
  assert (Rb1 : Rb < 1).
  { assert (0 <= Rabs (C * G m)) by apply Rabs_pos.
    apply (Rmult_lt_reg_r r); [exact Hr | lra]. }
  assert (Lip : forall a b, lo <= a <= hi -> lo <= b <= hi -> Rabs (T b - T a) <= Rb * Rabs (b - a)).
  { intros a b Ha Hb. destruct (T_lip HG a b Ha Hb) as [xi [Hxi E]].
    rewrite E, Rabs_mult. apply Rmult_le_compat_r; [apply Rabs_pos | apply HR; exact Hxi]. }
  assert (Tm : T m = m - C * G m) by reflexivity.
  (* T maps X into its interior. *)
  assert (Into : forall w, lo <= w <= hi -> Rabs (T w - m) < r).
  { intros w Hw.
    assert (Rabs (w - m) <= r) by (unfold m, r; apply Rabs_le; lra).
    assert (L := Lip m w Hm Hw).
    assert (Rb * Rabs (w - m) <= Rb * r) by (apply Rmult_le_compat_l; lra).
    replace (T w - m) with ((T w - T m) + - (C * G m)) by (rewrite Tm; ring).
    eapply Rle_lt_trans; [apply Rabs_triang |]. rewrite Rabs_Ropp. lra. }
  assert (C0 : C <> 0).
  { intro E. assert (H1 := HR m Hm). rewrite E, Rmult_0_l, Rminus_0_r, Rabs_R1 in H1. lra. }
  (* A fixed point of T by the intermediate value theorem: T lo > lo, T hi < hi. *)
  assert (Cont : continuity (fun w => C * G w)).
  { intro x. apply continuity_pt_mult; [apply continuity_pt_const; intros ? ?; reflexivity |].
    apply derivable_continuous_pt. exists (G' x). apply HG. }
  destruct (IVT_cor (fun w => C * G w) lo hi Cont (Rlt_le _ _ Hlh)) as [w [Hw Ew]].
  { assert (A1 := Into lo (conj (Rle_refl lo) (Rlt_le _ _ Hlh))).
    assert (A2 := Into hi (conj (Rlt_le _ _ Hlh) (Rle_refl hi))).
    unfold T in A1, A2. apply Rabs_def2 in A1. apply Rabs_def2 in A2. unfold m, r in *.
    assert (C * G lo < 0) by lra. assert (0 < C * G hi) by lra.
    nra. }
  assert (Gw : G w = 0).
  { destruct (Rmult_integral _ _ Ew) as [E|E]; [contradiction | exact E]. }
  assert (Fix : forall v, G v = 0 -> T v = v) by (intros v Ev; unfold T; rewrite Ev; ring).
  exists w. split; [exact Hw |]. split; [exact Gw |]. split.
  - intros w' Hw' Gw'.
    assert (L := Lip w w' Hw Hw'). rewrite (Fix w Gw), (Fix w' Gw') in L.
    assert (0 <= Rabs (w' - w)) by apply Rabs_pos.
    assert (Rabs (w' - w) = 0) by nra.
    apply Rabs_eq_0 in H0. lra.
  - rewrite <- Tm, <- (Fix w Gw) at 1.
    eapply Rle_trans; [apply (Lip m w Hm Hw) |].
    apply Rmult_le_compat_l; [exact Rb0 |]. unfold m, r; apply Rabs_le; lra.
Qed.

(* Every zero of G in a box lies in the box's Krawczyk image (the narrowing
   X := X cap K(X) keeps it): w - (m - C G(m)) = (1 - C G'(xi)) (w - m) for a
   point xi of the box. *)
Lemma krawczyk_1d_narrow_gen :
  (forall x, derivable_pt_lim G x (G' x)) ->
  forall w, lo <= w <= hi -> G w = 0 -> lo <= hi ->
  exists xi, lo <= xi <= hi /\ w - (m - C * G m) = (1 - C * G' xi) * (w - m).
Proof.
  intros HG w Hw Gw Hlh.
  assert (Hm : lo <= m <= hi) by (unfold m; lra).
  destruct (T_lip HG m w Hm Hw) as [xi [Hxi E]].
  exists xi. split; [exact Hxi |]. rewrite <- E. unfold T. rewrite Gw. ring.
Qed.
End K1.

(* ---- the cubic of an invariant line ------------------------------------------------ *)

Definition gc (c k w : R) : R := c * w - k * w ^ 3.
Definition gc' (c k w : R) : R := c - 3 * k * w ^ 2.
Definition g3 (c k w : R) : R := gc c k (gc c k (gc c k w)).
(* The chain rule product the checker encloses over the naive images of X. *)
Definition D3 (c k w : R) : R := gc' c k w * gc' c k (gc c k w) * gc' c k (gc c k (gc c k w)).

Lemma gc_derive c k w : derivable_pt_lim (gc c k) w (gc' c k w).
Proof.
  apply is_derive_Reals. unfold gc, gc'. auto_derive; [exact I | ring].
Qed.

Lemma G3_derive c k w : derivable_pt_lim (fun v => g3 c k v - v) w (D3 c k w - 1).
Proof.
  apply derivable_pt_lim_minus; [| apply derivable_pt_lim_id].
  unfold g3, D3.
  replace (gc' c k w * gc' c k (gc c k w) * gc' c k (gc c k (gc c k w)))
    with (gc' c k (gc c k (gc c k w)) * (gc' c k (gc c k w) * gc' c k w)) by ring.
  apply (derivable_pt_lim_comp (fun v => gc c k (gc c k v)) (gc c k)); [| apply gc_derive].
  apply (derivable_pt_lim_comp (gc c k) (gc c k)); apply gc_derive.
Qed.

(* Theorem (Lemma 16's Krawczyk test, exactly as krawczyk_1d and period_three
   check it): X = [lo, hi] with lo < hi, m its midpoint, r its half width,
   Rb >= |1 - C ((g^3)'(xi) - 1)| over X and |C (g^3(m) - m)| + Rb r < r. Then
   g^3 has exactly one fixed point w in X, and w lies in K(X). *)
Theorem krawczyk_1d (c k lo hi C Rb : R) :
  lo < hi ->
  let m := (lo + hi) / 2 in
  let r := (hi - lo) / 2 in
  (forall xi, lo <= xi <= hi -> Rabs (1 - C * (D3 c k xi - 1)) <= Rb) ->
  Rabs (C * (g3 c k m - m)) + Rb * r < r ->
  exists w, lo <= w <= hi /\ g3 c k w = w /\
    (forall w', lo <= w' <= hi -> g3 c k w' = w' -> w' = w) /\
    Rabs (w - (m - C * (g3 c k m - m))) <= Rb * r.
Proof.
  intros Hlh m r HR HK.
  destruct (krawczyk_1d_gen (fun v => g3 c k v - v) (fun v => D3 c k v - 1) lo hi C Rb
              (G3_derive c k) Hlh HR HK) as [w [Hw [Gw [U E]]]].
  exists w. split; [exact Hw |]. split; [lra |]. split; [| exact E].
  intros w' Hw' E'. apply U; [exact Hw' | lra].
Qed.

Theorem krawczyk_1d_narrow (c k lo hi C : R) (w : R) :
  lo <= hi -> lo <= w <= hi -> g3 c k w = w ->
  let m := (lo + hi) / 2 in
  exists xi, lo <= xi <= hi /\ w - (m - C * (g3 c k m - m)) = (1 - C * (D3 c k xi - 1)) * (w - m).
Proof.
  intros Hlh Hw Ew m.
  apply (krawczyk_1d_narrow_gen (fun v => g3 c k v - v) (fun v => D3 c k v - 1) lo hi C
           (G3_derive c k) w Hw); [lra | exact Hlh].
Qed.

(* ---- minimal period 3 -------------------------------------------------------------- *)

Fixpoint iter (f : R -> R) (n : nat) (x : R) : R :=
  match n with O => x | S n => f (iter f n x) end.

Lemma iter_add f i j x : iter f (i + j) x = iter f i (iter f j x).
Proof. induction i as [|i IH]; simpl; [reflexivity | rewrite IH; reflexivity]. Qed.

Lemma iter_comm f n x : iter f n (f x) = f (iter f n x).
Proof. induction n as [|n IH]; simpl; [reflexivity | rewrite IH; reflexivity]. Qed.

Lemma iter_gcd f x : forall n a b, (a + b <= n)%nat -> iter f a x = x -> iter f b x = x ->
  iter f (Nat.gcd a b) x = x.
Proof.
  assert (Sub : forall a b, (b <= a)%nat -> iter f a x = x -> iter f b x = x -> iter f (a - b) x = x).
  { intros a b Hba Ha Hb. rewrite <- Ha at 2. replace a with ((a - b) + b)%nat at 2 by lia.
    rewrite iter_add, Hb. reflexivity. }
  induction n as [|n IH]; intros a b Hn Ha Hb.
  - assert (a = 0%nat) by lia. assert (b = 0%nat) by lia. subst. exact Ha.
  - destruct (Nat.eq_dec a 0) as [->|Ha0]; [rewrite Nat.gcd_0_l; exact Hb |].
    destruct (Nat.eq_dec b 0) as [->|Hb0]; [rewrite Nat.gcd_0_r; exact Ha |].
    destruct (Nat.le_gt_cases a b) as [Hab|Hab].
    + rewrite <- Nat.gcd_sub_diag_r by exact Hab. apply IH; [lia | exact Ha | apply Sub; auto].
    + rewrite Nat.gcd_comm, <- Nat.gcd_sub_diag_r by lia. apply IH; [lia | exact Hb | apply Sub; auto; lia].
Qed.

Lemma g3_iter c k w : g3 c k w = iter (gc c k) 3 w.
Proof. reflexivity. Qed.

(* Theorem (Lemma 16's minimal period, as period_three checks it): w in the
   final box [lo, hi] (krawczyk_1d_narrow keeps it there), g^3(w) = w and
   g(w) outside [lo, hi] (the enclosure g(X) is disjoint from X). Then every
   j > 0 with g^j(w) = w is a multiple of 3: w has minimal period 3, and
   w, g(w), g^2(w) are three distinct points. *)
Theorem period_three (c k lo hi w : R) :
  lo <= w <= hi -> g3 c k w = w -> (gc c k w < lo \/ hi < gc c k w) ->
  (forall j, (0 < j)%nat -> iter (gc c k) j w = w -> Nat.divide 3 j) /\
  gc c k w <> w /\ gc c k (gc c k w) <> w /\ gc c k (gc c k w) <> gc c k w.
Proof.
  intros Hw E3 Hout.
  assert (N1 : gc c k w <> w) by (intro E; rewrite E in Hout; lra).
  split.
  - intros j Hj Ej.
    assert (Eg : iter (gc c k) (Nat.gcd j 3) w = w) by (apply (iter_gcd _ _ (j + 3)); auto).
    assert (Hg3 : Nat.divide (Nat.gcd j 3) 3) by apply Nat.gcd_divide_r.
    assert (Hgj : Nat.divide (Nat.gcd j 3) j) by apply Nat.gcd_divide_l.
    assert (Gle : (Nat.gcd j 3 <= 3)%nat) by (apply Nat.divide_pos_le; [lia | exact Hg3]).
    destruct (Nat.gcd j 3) as [|[|[|[|n]]]] eqn:G.
    + apply Nat.gcd_eq_0_l in G. lia.
    + exfalso. exact (N1 Eg).
    + exfalso. destruct Hg3 as [q Hq]. lia.
    + exact Hgj.
    + lia.
  - split; [exact N1 |]. split.
    + intro E. apply N1. unfold g3 in E3. rewrite E in E3. exact E3.
    + intro E. apply N1. unfold g3 in E3. rewrite E, E in E3. exact E3.
Qed.

(* ---- Li and Yorke's first step: the point a and the covering relations ------------- *)

Definition ly_point (f : R -> R) (a : R) : Prop :=
  (f (f (f a)) <= a /\ a < f a /\ f a < f (f a)) \/ (a <= f (f (f a)) /\ f a < a /\ f (f a) < f a).

(* A 3-cycle of three distinct points gives Li and Yorke's point a: the least
   point of the cycle if the cycle visits its points in increasing order from
   it, else the greatest (docs/math.md 11.5). *)
Lemma ly_point_of_cycle (f : R -> R) (w : R) :
  f (f (f w)) = w -> f w <> w -> f (f w) <> w -> f (f w) <> f w ->
  exists a, (a = w \/ a = f w \/ a = f (f w)) /\ ly_point f a.
Proof.
  intros E3 N1 N2 N3.
  remember (f w) as w1 eqn:E1 in *. remember (f w1) as w2 eqn:E2 in *.
  assert (L0 : (w < w1 /\ w1 < w2) \/ (w1 < w /\ w2 < w1) -> ly_point f w).
  { unfold ly_point. rewrite <- E1, <- E2, E3. lra. }
  assert (L1 : (w1 < w2 /\ w2 < w) \/ (w2 < w1 /\ w < w2) -> ly_point f w1).
  { unfold ly_point. rewrite <- E2, E3, <- E1. lra. }
  assert (L2 : (w2 < w /\ w < w1) \/ (w < w2 /\ w1 < w) -> ly_point f w2).
  { unfold ly_point. rewrite E3, <- E1, <- E2. lra. }
  destruct (Rtotal_order w w1) as [A|[A|A]]; destruct (Rtotal_order w1 w2) as [B|[B|B]];
    destruct (Rtotal_order w w2) as [D|[D|D]]; try (exfalso; lra);
    solve [ exists w; split; [auto | apply L0; lra]
          | exists w1; split; [auto | apply L1; lra]
          | exists w2; split; [auto | apply L2; lra] ].
Qed.

(* The covering relations of Li and Yorke's proof for a continuous f with
   a < b = f a < c = f b and f c <= a (the increasing case; the decreasing
   one is ly_cover_dec): f([a, b]) covers [b, c] and f([b, c])
   covers [a, c]; so f has a fixed point in [b, c]. *)
Lemma ly_cover (f : R -> R) (a : R) :
  continuity f -> f (f (f a)) <= a /\ a < f a /\ f a < f (f a) ->
  (forall y, f a <= y <= f (f a) -> exists x, a <= x <= f a /\ f x = y) /\
  (forall y, a <= y <= f (f a) -> exists x, f a <= x <= f (f a) /\ f x = y) /\
  (exists x, f a <= x <= f (f a) /\ f x = x).
Proof.
  intros Hf Ha.
  assert (Cov : forall p q y, p <= q -> (f p - y) * (f q - y) <= 0 -> exists x, p <= x <= q /\ f x = y).
  { intros p q y Hpq Hs.
    assert (Cy : continuity (fun x => f x - y)) by (apply continuity_minus; [exact Hf | apply continuity_const; intros ? ?; reflexivity]).
    destruct (IVT_cor (fun x => f x - y) p q Cy Hpq Hs) as [x [Hx Ex]].
    exists x. split; [exact Hx | lra]. }
  split; [| split].
  - intros y Hy. apply Cov; [lra | nra].
  - intros y Hy. apply Cov; [lra | nra].
  - assert (Cx : continuity (fun x => f x - x)) by (apply continuity_minus; [exact Hf | apply derivable_continuous, derivable_id]).
    destruct (IVT_cor (fun x => f x - x) (f a) (f (f a)) Cx) as [x [Hx Ex]]; [lra | nra |].
    exists x. split; [exact Hx | lra].
Qed.

(* The decreasing case: a > b = f a > c = f b and f c >= a: f([b, a]) covers
   [c, b] and f([c, b]) covers [c, a]. *)
Lemma ly_cover_dec (f : R -> R) (a : R) :
  continuity f -> a <= f (f (f a)) /\ f a < a /\ f (f a) < f a ->
  (forall y, f (f a) <= y <= f a -> exists x, f a <= x <= a /\ f x = y) /\
  (forall y, f (f a) <= y <= a -> exists x, f (f a) <= x <= f a /\ f x = y).
Proof.
  intros Hf Ha.
  assert (Cov : forall p q y, p <= q -> (f p - y) * (f q - y) <= 0 -> exists x, p <= x <= q /\ f x = y).
  { intros p q y Hpq Hs.
    assert (Cy : continuity (fun x => f x - y)) by (apply continuity_minus; [exact Hf | apply continuity_const; intros ? ?; reflexivity]).
    destruct (IVT_cor (fun x => f x - y) p q Cy Hpq Hs) as [x [Hx Ex]].
    exists x. split; [exact Hx | lra]. }
  split.
  - intros y Hy. apply Cov; [lra | nra].
  - intros y Hy. apply Cov; [lra | nra].
Qed.

Lemma gc_continuous c k : continuity (gc c k).
Proof. intro x. apply derivable_continuous_pt. exists (gc' c k x). apply gc_derive. Qed.

(* Theorem (what check_chaos's witness proves, with period_three): the cycle
   w, g(w), g^2(w) of the cubic has a point a with
   g^3(a) <= a < g(a) < g^2(a) or g^3(a) >= a > g(a) > g^2(a), the hypothesis
   of Li and Yorke's theorem for the continuous map g: R -> R; in the
   increasing case f([a, g a]) covers [g a, g^2 a] and f([g a, g^2 a]) covers
   [a, g^2 a]; in the decreasing case f([g a, a]) covers [g^2 a, g a] and
   f([g^2 a, g a]) covers [g^2 a, a]. *)
Theorem line_chaos (c k lo hi w : R) :
  lo <= w <= hi -> g3 c k w = w -> (gc c k w < lo \/ hi < gc c k w) ->
  let g := gc c k in
  exists a, (a = w \/ a = g w \/ a = g (g w)) /\ ly_point g a /\
    (g (g (g a)) <= a /\ a < g a /\ g a < g (g a) ->
       (forall y, g a <= y <= g (g a) -> exists x, a <= x <= g a /\ g x = y) /\
       (forall y, a <= y <= g (g a) -> exists x, g a <= x <= g (g a) /\ g x = y)) /\
    (a <= g (g (g a)) /\ g a < a /\ g (g a) < g a ->
       (forall y, g (g a) <= y <= g a -> exists x, g a <= x <= a /\ g x = y) /\
       (forall y, g (g a) <= y <= a -> exists x, g (g a) <= x <= g a /\ g x = y)).
Proof.
  intros Hw E3 Hout g.
  destruct (period_three c k lo hi w Hw E3 Hout) as [_ [N1 [N2 N3]]].
  destruct (ly_point_of_cycle g w E3 N1 N2 N3) as [a [Ha La]].
  exists a. split; [exact Ha |]. split; [exact La |].
  split.
  - intro Hi. destruct (ly_cover g a (gc_continuous c k) Hi) as [A [B _]]. split; assumption.
  - intro Hi. exact (ly_cover_dec g a (gc_continuous c k) Hi).
Qed.

(* ---- GD on the invariant lines is the cubic ------------------------------------- *)

(* Theorem (docs/math.md 11.5): on x = y the reduced GD run keeps x = y and
   u = x + y follows u+ = c u - k u^3 with c = 1 + h mu, k = h/4; on x = -y it
   keeps x = -y and v = x - y follows v+ = c v - k v^3 with c = 1 - h mu. So
   the cubic's orbits (its 3-cycle, the Li-Yorke point) are GD orbits. *)
Theorem line_reduction (mu h : R) (z : nat -> R * R) :
  gd_seq mu h z ->
  (fst (z O) = snd (z O) -> forall n, fst (z n) = snd (z n) /\
     alpha (z n) = iter (gc (1 + h * mu) (h / 4)) n (alpha (z O))) /\
  (fst (z O) = - snd (z O) -> forall n, fst (z n) = - snd (z n) /\
     beta (z n) = iter (gc (1 - h * mu) (h / 4)) n (beta (z O))).
Proof.
  intros Hz. split; intros H0 n; induction n as [|n [IH1 IH2]].
  - split; [exact H0 | reflexivity].
  - simpl. rewrite <- IH2, Hz. destruct (z n) as [x y]. simpl in IH1. subst x.
    unfold F, res, alpha, gc; simpl. split; field.
  - split; [exact H0 | reflexivity].
  - simpl. rewrite <- IH2, Hz. destruct (z n) as [x y]. simpl in IH1. subst x.
    unfold F, res, beta, gc; simpl. split; field.
Qed.

(* ---- the invariant interval [-R, R], R^2 = (c + 1)/k ---------------------------- *)

(* Theorem (docs/math.md 11.5, the condition check_chaos checks exactly for
   invariant_interval_R_squared): with c > 0, k > 0, 4 c^3 <= 27 (c + 1)
   and R >= 0, R^2 = (c + 1)/k, the cubic maps [-R, R] into itself. With
   t = k w^2 in [0, c + 1]: k g(w)^2 = t (c - t)^2 and
   c + 1 - t (c - t)^2 = (c + 1 - t) ((t - 1)^2 + (3 - c) t), where
   4 c^3 - 27 (c + 1) = (c - 3) (2 c + 3)^2 gives c <= 3. *)
Theorem invariant_interval (c k R : R) :
  0 < c -> 0 < k -> 4 * c ^ 3 <= 27 * (c + 1) -> 0 <= R -> R ^ 2 = (c + 1) / k ->
  forall w, - R <= w <= R -> - R <= gc c k w <= R.
Proof.
  intros Hc Hk H4 HR ER w Hw.
  assert (c3 : c <= 3).
  { assert (F : 4 * c ^ 3 - 27 * (c + 1) = (c - 3) * (2 * c + 3) ^ 2) by ring.
    destruct (Rle_lt_dec c 3) as [|L]; [assumption | exfalso].
    assert (0 < (c - 3) * (2 * c + 3) ^ 2) by (apply Rmult_lt_0_compat; [lra | apply pow_lt; lra]).
    lra. }
  assert (kR : k * R ^ 2 = c + 1) by (rewrite ER; field; lra).
  set (t := k * w ^ 2).
  assert (t0 : 0 <= t) by (unfold t; apply Rmult_le_pos; [lra | apply pow2_ge_0]).
  assert (t1 : t <= c + 1).
  { rewrite <- kR. unfold t. apply Rmult_le_compat_l; [lra |]. nra. }
  assert (Ft : c + 1 - t * (c - t) ^ 2 = (c + 1 - t) * ((t - 1) ^ 2 + (3 - c) * t)) by ring.
  assert (P : 0 <= (c + 1 - t) * ((t - 1) ^ 2 + (3 - c) * t)).
  { apply Rmult_le_pos; [lra |]. assert (0 <= (t - 1) ^ 2) by apply pow2_ge_0. nra. }
  assert (Kg : k * gc c k w ^ 2 = t * (c - t) ^ 2) by (unfold gc, t; ring).
  assert (G2 : gc c k w ^ 2 <= R ^ 2) by (apply (Rmult_le_reg_l k); [exact Hk | lra]).
  split; nra.
Qed.

(* Theorem (docs/math.md 11.5): with k > 0, R >= 0 and R^2 = (c + 1)/k,
   every periodic point of the cubic lies in [-R, R]: for |w| > R,
   k w^2 - c > 1, so |g(w)| = |w| |c - k w^2| > |w| > R, and |w| grows
   strictly along the orbit. In particular the certified 3-cycle and the
   points of every period of line_every_period (LiYorke.v) lie in [-R, R]. *)
Theorem periodic_in_R (c k R : R) :
  0 < k -> 0 <= R -> R ^ 2 = (c + 1) / k ->
  forall w n, (0 < n)%nat -> iter (gc c k) n w = w -> - R <= w <= R.
Proof.
  intros Hk HR ER w n Hn Ew.
  assert (kR : k * R ^ 2 = c + 1) by (rewrite ER; field; lra).
  assert (Grow : forall v, R < Rabs v -> Rabs v < Rabs (gc c k v)).
  { intros v Hv.
    assert (kv : c + 1 < k * v ^ 2).
    { rewrite <- kR. apply Rmult_lt_compat_l; [exact Hk |].
      rewrite <- (Rabs_pos_eq R HR) in Hv. rewrite <- (pow2_abs v), <- (pow2_abs R). assert (0 <= Rabs R) by apply Rabs_pos. nra. }
    unfold gc. replace (c * v - k * v ^ 3) with (v * (c - k * v ^ 2)) by ring.
    rewrite Rabs_mult.
    assert (1 < Rabs (c - k * v ^ 2)) by (rewrite Rabs_left; lra).
    assert (0 < Rabs v) by lra. nra. }
  assert (Abs : Rabs w <= R -> - R <= w <= R).
  { unfold Rabs. destruct (Rcase_abs w); intro; lra. }
  apply Abs. destruct (Rle_lt_dec (Rabs w) R) as [L|L]; [exact L | exfalso].
  assert (Up : forall m, (0 < m)%nat -> Rabs w < Rabs (iter (gc c k) m w)).
  { induction m as [|m IH]; intro Hm; [lia |].
    simpl. destruct (Nat.eq_dec m 0) as [->|N0].
    - apply Grow. exact L.
    - assert (A := IH ltac:(lia)). assert (B := Grow (iter (gc c k) m w) ltac:(lra)). lra. }
  assert (A := Up n Hn). rewrite Ew in A. lra.
Qed.
