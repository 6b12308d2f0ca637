(* Li and Yorke's theorem, its first part: period three implies every period
   (docs/math.md 11.5; docs/checker.md Lemma 16). From the covering relations
   of line_chaos (Lines.v) for a continuous f: R -> R, a point of every
   minimal period n >= 1, by the nested intervals along the loop
   J_0 -> J_1 -> ... -> J_(n-1) -> J_0 with J_i = [f a, f^2 a] for i < n - 1
   and J_(n-1) = [a, f a]; then for the certified cubic of an invariant line
   (line_every_period) and for GD on that line (line_every_period_gd). *)
Require Import Reals Lra Lia PeanoNat.
Require Import LrCert.Scalar LrCert.Lines.
Open Scope R_scope.

(* f([p, q]) contains [r, s]. *)
Definition covers (f : R -> R) (p q r s : R) : Prop :=
  forall y, r <= y <= s -> exists x, p <= x <= q /\ f x = y.

Lemma cont_shift (f : R -> R) (y : R) : continuity f -> continuity (fun x => f x - y).
Proof.
  intro Hf. apply continuity_minus; [exact Hf |]. apply continuity_const. intros ? ?; reflexivity.
Qed.

Lemma cont_id : continuity (fun x => x).
Proof. apply derivable_continuous, derivable_id. Qed.

Lemma cont_neg : continuity Ropp.
Proof. intro x. apply (continuity_pt_opp (fun x => x)). apply cont_id. Qed.

(* ---- the last and the first zero of a continuous function on [a, b] ----------- *)

(* The sup m of the zeros in [a, b] is a zero (if g m != 0, continuity keeps
   g away from 0 near m, so m - alp/2 would be a smaller upper bound), and
   there is none after it. *)
Lemma last_zero (g : R -> R) (a b : R) :
  continuity g -> a <= b -> g a = 0 ->
  exists m, a <= m <= b /\ g m = 0 /\ (forall x, m < x <= b -> g x <> 0).
Proof.
  intros Hg Hab Ha.
  set (E := fun x => a <= x <= b /\ g x = 0).
  assert (Eb : bound E) by (exists b; intros x [Hx _]; lra).
  assert (Ea : exists x, E x) by (exists a; split; [lra | exact Ha]).
  destruct (completeness E Eb Ea) as [m [Hub Hlub]].
  assert (am : a <= m) by (apply Hub; split; [lra | exact Ha]).
  assert (mb : m <= b) by (apply Hlub; intros x [Hx _]; lra).
  assert (gm : g m = 0).
  { destruct (Req_dec (g m) 0) as [|N]; [assumption | exfalso].
    assert (Hp : 0 < Rabs (g m)) by (apply Rabs_pos_lt; exact N).
    destruct (Hg m (Rabs (g m)) Hp) as [alp [Halp Hc]].
    assert (Up : is_upper_bound E (m - alp / 2)).
    { intros x Ex. destruct (Rle_lt_dec x (m - alp / 2)) as [|Lt]; [assumption | exfalso].
      assert (xm : x <= m) by (apply Hub; exact Ex).
      destruct Ex as [_ gx].
      assert (xne : m <> x) by (intro E'; apply N; rewrite E'; exact gx).
      assert (D : R_dist x m < alp) by (unfold R_dist; apply Rabs_def1; lra).
      specialize (Hc x (conj (conj I xne) D)). simpl in Hc. unfold R_dist in Hc.
      rewrite gx, Rminus_0_l, Rabs_Ropp in Hc. lra. }
    assert (L := Hlub _ Up). lra. }
  exists m. split; [lra |]. split; [exact gm |].
  intros x Hx Ex. assert (L : x <= m) by (apply Hub; split; [lra | exact Ex]). lra.
Qed.

(* The same from the right, by x -> -x. *)
Lemma first_zero (g : R -> R) (a b : R) :
  continuity g -> a <= b -> g b = 0 ->
  exists m, a <= m <= b /\ g m = 0 /\ (forall x, a <= x < m -> g x <> 0).
Proof.
  intros Hg Hab Hb.
  assert (Hc : continuity (fun x => g (- x))).
  { intro x. apply (continuity_pt_comp Ropp g); [apply cont_neg | apply Hg]. }
  destruct (last_zero (fun x => g (- x)) (- b) (- a) Hc) as [m [Hm [Em Nm]]];
    [lra | rewrite Ropp_involutive; exact Hb |].
  exists (- m). split; [lra |]. split; [exact Em |].
  intros x Hx Ex. apply (Nm (- x)); [lra | rewrite Ropp_involutive; exact Ex].
Qed.

(* ---- a continuous image covering [r, s] is exactly [r, s] on a subinterval ---- *)

(* With f u = r <= s = f v and u <= v: p the last point of [u, v] where
   f = r, q the first point of [p, v] where f = s; between them f takes no
   value outside [r, s] (else the intermediate value theorem would give an
   r after p or an s before q), and every value in [r, s]. *)
Lemma exact_piece (f : R -> R) (u v r s : R) :
  continuity f -> u <= v -> f u = r -> f v = s -> r <= s ->
  exists p q, u <= p <= q /\ q <= v /\ (forall x, p <= x <= q -> r <= f x <= s) /\ covers f p q r s.
Proof.
  intros Hf Huv Hu Hv Hrs.
  assert (Cr := cont_shift f r Hf). assert (Cs := cont_shift f s Hf).
  destruct (last_zero (fun x => f x - r) u v Cr Huv) as [p [Hp [Ep Np]]]; [lra |].
  destruct (first_zero (fun x => f x - s) p v Cs) as [q [Hq [Eq Nq]]]; [lra | lra |].
  simpl in Ep, Eq.
  exists p, q. split; [lra |]. split; [lra |]. split.
  - intros x Hx. split.
    + destruct (Rle_lt_dec r (f x)) as [|Lt]; [assumption | exfalso].
      destruct (IVT_cor (fun t => f t - r) x q Cr) as [y [Hy Ey]]; [lra | nra |].
      assert (px : p <> x) by (intro E'; subst x; lra).
      apply (Np y); [lra | exact Ey].
    + destruct (Rle_lt_dec (f x) s) as [|Lt]; [assumption | exfalso].
      destruct (IVT_cor (fun t => f t - s) p x Cs) as [y [Hy Ey]]; [lra | nra |].
      assert (qx : q <> x) by (intro E'; subst x; lra).
      apply (Nq y); [lra | exact Ey].
  - intros y Hy.
    destruct (IVT_cor (fun t => f t - y) p q (cont_shift f y Hf)) as [x [Hx Ex]]; [lra | nra |].
    exists x. split; [exact Hx | simpl in Ex; lra].
Qed.

(* Theorem: if the continuous f maps [p, q] onto a set containing [r, s]
   (r <= s), a compact subinterval [p', q'] of [p, q] is mapped exactly onto
   [r, s]: into it, and covering it. *)
Lemma exact_image (f : R -> R) (p q r s : R) :
  continuity f -> r <= s -> covers f p q r s ->
  exists p' q', p <= p' <= q' /\ q' <= q /\ (forall x, p' <= x <= q' -> r <= f x <= s) /\
    covers f p' q' r s.
Proof.
  intros Hf Hrs Hc.
  destruct (Hc r) as [xr [Hxr Er]]; [lra |].
  destruct (Hc s) as [xs [Hxs Es]]; [lra |].
  destruct (Rle_lt_dec xr xs) as [L|L].
  - destruct (exact_piece f xr xs r s Hf L Er Es Hrs) as [p' [q' [H1 [H2 [H3 H4]]]]].
    exists p', q'. split; [lra |]. split; [lra |]. split; assumption.
  - assert (Hn : continuity (fun x => - f x)) by (apply continuity_opp; exact Hf).
    destruct (exact_piece (fun x => - f x) xs xr (- s) (- r) Hn) as [p' [q' [H1 [H2 [H3 H4]]]]];
      [lra | rewrite Es; reflexivity | rewrite Er; reflexivity | lra |].
    exists p', q'. split; [lra |]. split; [lra |]. split.
    + intros x Hx. specialize (H3 x Hx). lra.
    + intros y Hy. destruct (H4 (- y)) as [x [Hx Ex]]; [lra |].
      exists x. split; [exact Hx | lra].
Qed.

(* ---- nested intervals along a chain of coverings, and a loop's periodic point -- *)

Lemma iter_continuous (f : R -> R) n : continuity f -> continuity (iter f n).
Proof.
  intro Hf. induction n as [|n IH]; simpl.
  - apply cont_id.
  - intro x. apply (continuity_pt_comp (iter f n) f); [apply IH | apply Hf].
Qed.

(* Theorem: a chain of intervals J_i = [lo i, hi i] with f(J_i) covering
   J_(i+1) for i < n has, for every k <= n, a compact [p, q] in J_0 whose
   points x have f^i(x) in J_i for every i <= k, and f^k([p, q]) covers J_k
   (so equals it). *)
Lemma chain (f : R -> R) (lo hi : nat -> R) (n : nat) :
  continuity f ->
  (forall i, (i <= n)%nat -> lo i <= hi i) ->
  (forall i, (i < n)%nat -> covers f (lo i) (hi i) (lo (S i)) (hi (S i))) ->
  forall k, (k <= n)%nat -> exists p q, lo O <= p <= q /\ q <= hi O /\
    (forall i x, (i <= k)%nat -> p <= x <= q -> lo i <= iter f i x <= hi i) /\
    covers (iter f k) p q (lo k) (hi k).
Proof.
  intros Hf Hlh Hc. induction k as [|k IH]; intros Hk.
  - assert (H0 := Hlh O Hk).
    exists (lo O), (hi O). split; [lra |]. split; [lra |]. split.
    + intros i x Hi Hx. assert (i = O) by lia. subst i. simpl. exact Hx.
    + intros y Hy. exists y. split; [exact Hy | reflexivity].
  - destruct (IH ltac:(lia)) as [p [q [Hpq [Hq [It Cv]]]]].
    assert (Cv1 : covers (iter f (S k)) p q (lo (S k)) (hi (S k))).
    { intros y Hy. destruct (Hc k ltac:(lia) y Hy) as [z [Hz Ez]].
      destruct (Cv z Hz) as [x [Hx Ex]]. exists x. split; [exact Hx |]. simpl. rewrite Ex. exact Ez. }
    destruct (exact_image (iter f (S k)) p q _ _ (iter_continuous f (S k) Hf) (Hlh (S k) Hk) Cv1)
      as [p' [q' [H1 [H2 [H3 H4]]]]].
    exists p', q'. split; [lra |]. split; [lra |]. split; [| exact H4].
    intros i x Hi Hx. destruct (Nat.eq_dec i (S k)) as [->|Ne].
    + apply H3. exact Hx.
    + apply It; [lia | lra].
Qed.

(* Theorem: a closed loop of coverings (J_n = J_0) has a point x with
   f^n(x) = x and f^i(x) in J_i for every i <= n: f^n([p, q]) covers J_0,
   which contains [p, q], so f^n - id changes sign on [p, q]. *)
Lemma loop_point (f : R -> R) (lo hi : nat -> R) (n : nat) :
  continuity f ->
  (forall i, (i <= n)%nat -> lo i <= hi i) ->
  (forall i, (i < n)%nat -> covers f (lo i) (hi i) (lo (S i)) (hi (S i))) ->
  lo n = lo O -> hi n = hi O ->
  exists x, iter f n x = x /\ (forall i, (i <= n)%nat -> lo i <= iter f i x <= hi i).
Proof.
  intros Hf Hlh Hc El Eh.
  destruct (chain f lo hi n Hf Hlh Hc n (Nat.le_refl n)) as [p [q [Hpq [Hq [It Cv]]]]].
  rewrite El, Eh in Cv.
  destruct (Cv p) as [u [Hu Eu]]; [lra |].
  destruct (Cv q) as [v [Hv Ev]]; [lra |].
  assert (G : continuity (fun x => iter f n x - x)).
  { apply continuity_minus; [apply iter_continuous; exact Hf | apply cont_id]. }
  assert (Fx : exists x, p <= x <= q /\ iter f n x - x = 0).
  { destruct (Rle_lt_dec u v) as [L|L].
    - destruct (IVT_cor _ u v G L) as [x [Hx Ex]]; [nra |]. exists x. split; [lra | exact Ex].
    - destruct (IVT_cor _ v u G (Rlt_le _ _ L)) as [x [Hx Ex]]; [nra |]. exists x. split; [lra | exact Ex]. }
  destruct Fx as [x [Hx Ex]].
  exists x. split; [lra |]. intros i Hi. apply It; [exact Hi | exact Hx].
Qed.

(* ---- every period ------------------------------------------------------------ *)

Lemma iter_mul (f : R -> R) j x : iter f j x = x -> forall q, iter f (q * j) x = x.
Proof.
  intros E q. induction q as [|q IH]; [reflexivity |].
  replace (S q * j)%nat with (j + q * j)%nat by lia. rewrite iter_add, IH. exact E.
Qed.

(* The increasing case a < f a < f^2 a, f^3 a <= a: for n = 1 the fixed
   point of ly_cover; for n >= 2 the loop with J_i = I1 = [f a, f^2 a]
   (i < n - 1) and J_(n-1) = I0 = [a, f a]. Minimality: if f^j x = x with
   0 < j < n, then f^(n-1) x = f^i x with i = (n - 1) mod j < n - 1, which
   lies in I1, so f^(n-1) x is in I0 and I1: it is f a, and then
   x = f^n x = f^2 a and f x = f^3 a <= a; but f x lies in I1 (n >= 3) or
   is f^(n-1) x = f a (n = 2), both > a. *)
Lemma every_period_inc (f : R -> R) (a : R) :
  continuity f -> f (f (f a)) <= a /\ a < f a /\ f a < f (f a) ->
  forall n, (0 < n)%nat -> exists x, f a <= x <= f (f a) /\ iter f n x = x /\
    (forall j, (0 < j < n)%nat -> iter f j x <> x).
Proof.
  intros Hf Ha n Hn.
  destruct (ly_cover f a Hf Ha) as [C0 [C1 [x1 [Hx1 Ex1]]]].
  destruct (Nat.eq_dec n 1) as [->|N1].
  - exists x1. split; [exact Hx1 |]. split; [exact Ex1 |]. intros j Hj. lia.
  - set (lo := fun i => if Nat.eqb i (n - 1) then a else f a).
    set (hi := fun i => if Nat.eqb i (n - 1) then f a else f (f a)).
    destruct (loop_point f lo hi n Hf) as [x [Ex It]].
    + intros i _. unfold lo, hi. destruct (Nat.eqb i (n - 1)); lra.
    + intros i Hi y Hy. unfold lo, hi in *.
      destruct (Nat.eqb_spec i (n - 1)); destruct (Nat.eqb_spec (S i) (n - 1)); try lia.
      * apply C0. exact Hy.
      * apply C1. lra.
      * apply C1. lra.
    + unfold lo. destruct (Nat.eqb_spec n (n - 1)); [lia |].
      destruct (Nat.eqb_spec 0 (n - 1)); [lia | reflexivity].
    + unfold hi. destruct (Nat.eqb_spec n (n - 1)); [lia |].
      destruct (Nat.eqb_spec 0 (n - 1)); [lia | reflexivity].
    + assert (I0 := It O (Nat.le_0_l n)). unfold lo, hi in I0.
      destruct (Nat.eqb_spec 0 (n - 1)); [lia |]. simpl in I0.
      exists x. split; [exact I0 |]. split; [exact Ex |].
      intros j Hj Ej.
      set (i := ((n - 1) mod j)%nat).
      assert (Hi : (i < j)%nat) by (apply Nat.mod_upper_bound; lia).
      assert (Ei : iter f (n - 1) x = iter f i x).
      { assert (D := Nat.div_mod (n - 1) j ltac:(lia)).
        replace (n - 1)%nat with (i + (n - 1) / j * j)%nat at 1 by (unfold i; lia).
        rewrite iter_add, (iter_mul f j x Ej). reflexivity. }
      assert (Ii := It i ltac:(lia)). unfold lo, hi in Ii.
      destruct (Nat.eqb_spec i (n - 1)); [lia |].
      assert (In := It (n - 1)%nat ltac:(lia)). unfold lo, hi in In.
      rewrite Nat.eqb_refl in In.
      assert (Eb : iter f (n - 1) x = f a) by lra.
      assert (Ec : x = f (f a)).
      { rewrite <- Ex. replace n with (S (n - 1)) at 1 by lia. simpl. rewrite Eb. reflexivity. }
      assert (Efx : f x <= a) by (rewrite Ec; lra).
      destruct (Nat.eq_dec n 2) as [->|N2].
      * simpl in Eb. lra.
      * assert (I1 := It 1%nat ltac:(lia)). unfold lo, hi in I1.
        destruct (Nat.eqb_spec 1 (n - 1)); [lia |]. simpl in I1. lra.
Qed.

(* The conjugate by x -> -x turns the decreasing case into the increasing one. *)
Lemma iter_conj (f : R -> R) n x : iter (fun y => - f (- y)) n x = - iter f n (- x).
Proof.
  induction n as [|n IH]; simpl; [ring |]. rewrite IH, Ropp_involutive. reflexivity.
Qed.

Lemma every_period_dec (f : R -> R) (a : R) :
  continuity f -> a <= f (f (f a)) /\ f a < a /\ f (f a) < f a ->
  forall n, (0 < n)%nat -> exists x, f (f a) <= x <= f a /\ iter f n x = x /\
    (forall j, (0 < j < n)%nat -> iter f j x <> x).
Proof.
  intros Hf Ha n Hn.
  set (f' := fun y => - f (- y)).
  assert (Hf' : continuity f').
  { intro x. apply continuity_pt_opp. apply (continuity_pt_comp Ropp f); [apply cont_neg | apply Hf]. }
  assert (E1 : f' (- a) = - f a) by (unfold f'; rewrite Ropp_involutive; reflexivity).
  assert (E2 : f' (f' (- a)) = - f (f a)) by (rewrite E1; unfold f'; rewrite Ropp_involutive; reflexivity).
  assert (E3 : f' (f' (f' (- a))) = - f (f (f a))) by (rewrite E2; unfold f'; rewrite Ropp_involutive; reflexivity).
  assert (Ha' : f' (f' (f' (- a))) <= - a /\ - a < f' (- a) /\ f' (- a) < f' (f' (- a)))
    by (rewrite E3, E2, E1; lra).
  destruct (every_period_inc f' (- a) Hf' Ha' n Hn) as [x [Hx [Ex Nx]]].
  rewrite E2, E1 in Hx.
  assert (C : forall m, iter f m (- x) = - iter f' m x).
  { intro m. unfold f'. rewrite iter_conj, Ropp_involutive. reflexivity. }
  exists (- x). split; [lra |]. split.
  - rewrite C, Ex. reflexivity.
  - intros j Hj E. rewrite C in E. apply (Nx j Hj). lra.
Qed.

(* Theorem (Li and Yorke 1975, Theorem 1, its first part: period three
   implies every period). A continuous f: R -> R with a point a such that
   f^3(a) <= a < f(a) < f^2(a) or f^3(a) >= a > f(a) > f^2(a) has, for every
   n >= 1, a point x of minimal period n (f^n x = x and f^j x != x for
   0 < j < n), between f(a) and f^2(a). *)
Theorem ly_every_period (f : R -> R) (a : R) :
  continuity f -> ly_point f a ->
  forall n, (0 < n)%nat -> exists x, Rmin (f a) (f (f a)) <= x <= Rmax (f a) (f (f a)) /\
    iter f n x = x /\ (forall j, (0 < j < n)%nat -> iter f j x <> x).
Proof.
  intros Hf [Ha|Ha] n Hn.
  - destruct (every_period_inc f a Hf Ha n Hn) as [x [Hx R]]. exists x. split; [| exact R].
    rewrite Rmin_left, Rmax_right by lra. exact Hx.
  - destruct (every_period_dec f a Hf Ha n Hn) as [x [Hx R]]. exists x. split; [| exact R].
    rewrite Rmin_right, Rmax_left by lra. exact Hx.
Qed.

(* ---- the certified cubic, and GD on its line -------------------------------- *)

(* Theorem (what check_chaos's witness proves, with ly_every_period): under
   the hypotheses line_chaos has from the checker (w in the final box
   [lo, hi], g^3(w) = w, g(w) outside the box) the cubic g(w) = c w - k w^3
   has, for every n >= 1, a point x of minimal period n, in the hull of the
   3-cycle w, g(w), g^2(w). *)
Theorem line_every_period (c k lo hi w : R) :
  lo <= w <= hi -> g3 c k w = w -> (gc c k w < lo \/ hi < gc c k w) ->
  let g := gc c k in
  forall n, (0 < n)%nat -> exists x,
    Rmin w (Rmin (g w) (g (g w))) <= x <= Rmax w (Rmax (g w) (g (g w))) /\
    iter g n x = x /\ (forall j, (0 < j < n)%nat -> iter g j x <> x).
Proof.
  intros Hw E3 Hout g n Hn.
  destruct (period_three c k lo hi w Hw E3 Hout) as [_ [N1 [N2 N3]]].
  destruct (ly_point_of_cycle g w E3 N1 N2 N3) as [a [Ha La]].
  destruct (ly_every_period g a (gc_continuous c k) La n Hn) as [x [Hx R]].
  exists x. split; [| exact R].
  assert (E3' : g (g (g w)) = w) by exact E3.
  (* g a and g^2 a are points of the cycle. *)
  assert (P : forall t, (t = w \/ t = g w \/ t = g (g w)) ->
            Rmin w (Rmin (g w) (g (g w))) <= t <= Rmax w (Rmax (g w) (g (g w)))).
  { intros t Ht.
    assert (M1 := Rmin_l w (Rmin (g w) (g (g w)))). assert (M2 := Rmin_r w (Rmin (g w) (g (g w)))).
    assert (M3 := Rmin_l (g w) (g (g w))). assert (M4 := Rmin_r (g w) (g (g w))).
    assert (X1 := Rmax_l w (Rmax (g w) (g (g w)))). assert (X2 := Rmax_r w (Rmax (g w) (g (g w)))).
    assert (X3 := Rmax_l (g w) (g (g w))). assert (X4 := Rmax_r (g w) (g (g w))).
    destruct Ht as [-> | [-> | ->]]; lra. }
  assert (Pa : g a = w \/ g a = g w \/ g a = g (g w)).
  { destruct Ha as [-> | [-> | ->]]; [right; left | right; right | left]; auto. }
  assert (Pb : g (g a) = w \/ g (g a) = g w \/ g (g a) = g (g w)).
  { destruct Ha as [-> | [-> | ->]]; [right; right | left | right; left]; auto. rewrite E3'; reflexivity. }
  assert (A := P _ Pa). assert (B := P _ Pb).
  unfold Rmin at 1, Rmax at 1 in Hx.
  destruct (Rle_dec (g a) (g (g a))); lra.
Qed.

(* Theorem (docs/math.md 11.5): GD on the invariant line has orbits of every
   minimal period. Under the hypotheses of line_chaos for the map of x = y
   (c = 1 + h mu, k = h/4), for every n >= 1 there is a start z0 on the line
   x = y whose GD run z has z_n = z_0 and z_j != z_0 for 0 < j < n; for the
   map of x = -y (c = 1 - h mu) the same with z0 on x = -y. *)
Theorem line_every_period_gd (mu h lo hi w : R) :
  (let c := 1 + h * mu in
   lo <= w <= hi -> g3 c (h / 4) w = w -> (gc c (h / 4) w < lo \/ hi < gc c (h / 4) w) ->
   forall n, (0 < n)%nat -> exists t, forall z, gd_seq mu h z -> z O = (t, t) ->
     z n = z O /\ (forall j, (0 < j < n)%nat -> z j <> z O)) /\
  (let c := 1 - h * mu in
   lo <= w <= hi -> g3 c (h / 4) w = w -> (gc c (h / 4) w < lo \/ hi < gc c (h / 4) w) ->
   forall n, (0 < n)%nat -> exists t, forall z, gd_seq mu h z -> z O = (t, - t) ->
     z n = z O /\ (forall j, (0 < j < n)%nat -> z j <> z O)).
Proof.
  split; intros c Hw E3 Hout n Hn;
    destruct (line_every_period c (h / 4) lo hi w Hw E3 Hout n Hn) as [x [_ [Ex Nx]]];
    exists (x / 2); intros z Hz Z0;
    destruct (line_reduction mu h z Hz) as [Lu Lv].
  - assert (On : fst (z O) = snd (z O)) by (rewrite Z0; reflexivity).
    assert (A0 : alpha (z O) = x) by (rewrite Z0; unfold alpha; simpl; field).
    assert (Pt : forall m, z m = (alpha (z m) / 2, alpha (z m) / 2)).
    { intro m. destruct (Lu On m) as [E _]. destruct (z m) as [p q]. unfold alpha. simpl in *.
      subst q. f_equal; field. }
    assert (Al : forall m, alpha (z m) = iter (gc c (h / 4)) m x).
    { intro m. destruct (Lu On m) as [_ E]. rewrite E, A0. reflexivity. }
    split.
    + rewrite (Pt n), (Pt O), Al, Al, Ex. reflexivity.
    + intros j Hj E. apply (Nx j Hj). rewrite <- (Al j), <- A0, E. reflexivity.
  - assert (On : fst (z O) = - snd (z O)) by (rewrite Z0; simpl; ring).
    assert (B0 : beta (z O) = x) by (rewrite Z0; unfold beta; simpl; field).
    assert (Pt : forall m, z m = (beta (z m) / 2, - (beta (z m) / 2))).
    { intro m. destruct (Lv On m) as [E _]. destruct (z m) as [p q]. unfold beta. simpl in *.
      subst p. f_equal; field. }
    assert (Be : forall m, beta (z m) = iter (gc c (h / 4)) m x).
    { intro m. destruct (Lv On m) as [_ E]. rewrite E, B0. reflexivity. }
    split.
    + rewrite (Pt n), (Pt O), Be, Be, Ex. reflexivity.
    + intros j Hj E. apply (Nx j Hj). rewrite <- (Be j), <- B0, E. reflexivity.
Qed.
