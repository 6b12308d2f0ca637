(* The orbits certificate beyond the Krawczyk test (docs/math.md 11.3, 11.4;
   docs/checker.md Lemmas 13 and 14; minimal_period_failure and
   stability_failure in proofs-check/orbits.cpp), for the reduced 2-D map:
   the minimal period from disjoint enclosures, and the N = 2 stability
   tests on the trace and determinant of A = DF^p(z). *)
Require Import Reals Lra Lia PeanoNat.
Require Import LrCert.Scalar LrCert.Ball LrCert.LemmaC LrCert.Krawczyk.
Open Scope R_scope.

(* ---- minimal period ------------------------------------------------------------ *)

Section Period.
Variables (mu h : R) (z : R * R).

(* The periods of z are closed under subtraction, hence under gcd. *)
Lemma period_sub a b : (b <= a)%nat -> Fp mu h a z = z -> Fp mu h b z = z -> Fp mu h (a - b) z = z.
Proof.
  intros Hba Ha Hb. rewrite <- Ha at 2. replace a with ((a - b) + b)%nat at 2 by lia.
  rewrite Fp_add, Hb. reflexivity.
Qed.

Lemma period_gcd : forall n a b, (a + b <= n)%nat -> Fp mu h a z = z -> Fp mu h b z = z ->
  Fp mu h (Nat.gcd a b) z = z.
Proof.
  induction n as [|n IH]; intros a b Hn Ha Hb.
  - assert (a = 0%nat) by lia. assert (b = 0%nat) by lia. subst. exact Ha.
  - destruct (Nat.eq_dec a 0) as [->|Ha0]; [rewrite Nat.gcd_0_l; exact Hb |].
    destruct (Nat.eq_dec b 0) as [->|Hb0]; [rewrite Nat.gcd_0_r; exact Ha |].
    destruct (Nat.le_gt_cases a b) as [Hab|Hab].
    + rewrite <- Nat.gcd_sub_diag_r by exact Hab. apply IH; [lia | exact Ha | apply period_sub; auto].
    + rewrite Nat.gcd_comm, <- Nat.gcd_sub_diag_r by lia. apply IH; [lia | exact Hb | apply period_sub; auto; lia].
Qed.
End Period.

(* Theorem (Lemma 13, exactly as minimal_period_failure checks it). z in the
   box X, F^p(z) = z (Lemma 12), and for every proper divisor q of p the
   point F^q(z) is not in X (it lies in the checker's enclosure B_q, which is
   disjoint from X). Then every j > 0 with F^j(z) = z is a multiple of p:
   z has minimal period p. *)
Theorem minimal_period (mu h : R) (p : nat) (lo hi z : R * R) :
  (0 < p)%nat -> inX lo hi z -> Fp mu h p z = z ->
  (forall q, (0 < q < p)%nat -> Nat.divide q p -> ~ inX lo hi (Fp mu h q z)) ->
  forall j, (0 < j)%nat -> Fp mu h j z = z -> Nat.divide p j.
Proof.
  intros Hp Hz Ep Hq j Hj Ej.
  set (g := Nat.gcd j p).
  assert (Eg : Fp mu h g z = z) by (apply (period_gcd mu h z (j + p)); auto).
  assert (Hgp : Nat.divide g p) by apply Nat.gcd_divide_r.
  assert (Hgj : Nat.divide g j) by apply Nat.gcd_divide_l.
  assert (G0 : (0 < g)%nat).
  { destruct (Nat.eq_dec g 0) as [E|E]; [| lia]. apply Nat.gcd_eq_0_l in E. lia. }
  assert (Gle : (g <= p)%nat) by (apply Nat.divide_pos_le; auto).
  destruct (Nat.eq_dec g p) as [E|E].
  - rewrite <- E. exact Hgj.
  - exfalso. apply (Hq g); [lia | exact Hgp |]. rewrite Eg. exact Hz.
Qed.

(* ---- distinct orbits ------------------------------------------------------------ *)

(* Two boxes are disjoint when in some coordinate one ends before the other
   starts (disjoint in orbits.cpp and cycle.cpp). *)
Definition box_disjoint (lo hi lo' hi' : R * R) : Prop :=
  fst hi < fst lo' \/ fst hi' < fst lo \/ snd hi < snd lo' \/ snd hi' < snd lo.

Lemma Fp_period_mul (mu h : R) (p : nat) (z : R * R) :
  Fp mu h p z = z -> forall q, Fp mu h (p * q) z = z.
Proof.
  intros Ep q. induction q as [|q IH]; [rewrite Nat.mul_0_r; reflexivity |].
  rewrite Nat.mul_succ_r, Fp_add, Ep. exact IH.
Qed.

Lemma Fp_mod (mu h : R) (p : nat) (z : R * R) :
  (0 < p)%nat -> Fp mu h p z = z -> forall n, Fp mu h n z = Fp mu h (n mod p) z.
Proof.
  intros Hp Ep n. rewrite (Nat.div_mod n p) at 1 by lia.
  rewrite Nat.add_comm, Fp_add, Fp_period_mul by exact Ep. reflexivity.
Qed.

(* Theorem (Lemma 13's distinct orbits, as the orbits check tests them): z_A
   lies in its box X_A, z_B has F^p(z_B) = z_B and each point F^j(z_B),
   j < p, lies in a box B_j disjoint from X_A. Then no point of z_B's orbit
   is z_A: the two orbits are different. *)
Theorem distinct_orbits (mu h : R) (p : nat) (loA hiA zA zB : R * R) (loB hiB : nat -> R * R) :
  (0 < p)%nat -> inX loA hiA zA -> Fp mu h p zB = zB ->
  (forall j, (j < p)%nat -> inX (loB j) (hiB j) (Fp mu h j zB)) ->
  (forall j, (j < p)%nat -> box_disjoint loA hiA (loB j) (hiB j)) ->
  forall n, Fp mu h n zB <> zA.
Proof.
  intros Hp HA Ep HB Hd n E.
  rewrite (Fp_mod mu h p zB Hp Ep n) in E.
  assert (Hj : (n mod p < p)%nat) by (apply Nat.mod_upper_bound; lia).
  specialize (HB _ Hj). specialize (Hd _ Hj). rewrite E in HB.
  unfold inX, box_disjoint in *. lra.
Qed.

(* Orbits of different minimal periods are different: if z_A has minimal
   period pA and z_B minimal period pB (in the sense of minimal_period) and
   z_A is on z_B's orbit, then pA = pB. *)
Theorem distinct_periods (mu h : R) (pA pB : nat) (zA zB : R * R) :
  (0 < pA)%nat -> (0 < pB)%nat -> Fp mu h pA zA = zA -> Fp mu h pB zB = zB ->
  (forall j, (0 < j)%nat -> Fp mu h j zA = zA -> Nat.divide pA j) ->
  (forall j, (0 < j)%nat -> Fp mu h j zB = zB -> Nat.divide pB j) ->
  pA <> pB -> forall n, Fp mu h n zB <> zA.
Proof.
  intros HpA HpB EA EB MA MB Ne n E.
  set (r := (n mod pB)%nat).
  assert (Er : Fp mu h r zB = zA) by (unfold r; rewrite <- (Fp_mod mu h pB zB HpB EB n); exact E).
  assert (Hr : (r < pB)%nat) by (apply Nat.mod_upper_bound; lia).
  (* z_A = F^r(z_B) has period pB, z_B = F^(pB - r)(z_A) has period pA. *)
  assert (PA : Fp mu h pB zA = zA).
  { rewrite <- Er, <- Fp_add, Nat.add_comm, Fp_add, EB. reflexivity. }
  assert (Eb : Fp mu h (pB - r) zA = zB).
  { rewrite <- Er, <- Fp_add. replace (pB - r + r)%nat with pB by lia. exact EB. }
  assert (PB : Fp mu h pA zB = zB).
  { rewrite <- Eb, <- Fp_add, Nat.add_comm, Fp_add, EA. reflexivity. }
  apply Ne, Nat.divide_antisym; [apply MA | apply MB]; assumption.
Qed.

(* Theorem (the distinct-orbits check across periods): z_A of period pA and
   z_B of period pB are on different orbits if one of them has proven minimal
   period (in the sense of minimal_period) that does not divide the other's
   period: on one orbit, F^pB(z_A) = z_A and F^pA(z_B) = z_B (as in
   distinct_periods), so the minimal period would divide it. Orbits of
   different proven minimal periods are a special case (distinct_periods);
   the remaining pairs of different periods need the disjoint boxes of
   distinct_orbits. *)
Theorem distinct_divisor (mu h : R) (pA pB : nat) (zA zB : R * R) :
  (0 < pA)%nat -> (0 < pB)%nat -> Fp mu h pA zA = zA -> Fp mu h pB zB = zB ->
  ((forall j, (0 < j)%nat -> Fp mu h j zA = zA -> Nat.divide pA j) /\ ~ Nat.divide pA pB) \/
  ((forall j, (0 < j)%nat -> Fp mu h j zB = zB -> Nat.divide pB j) /\ ~ Nat.divide pB pA) ->
  forall n, Fp mu h n zB <> zA.
Proof.
  intros HpA HpB EA EB M n E.
  set (r := (n mod pB)%nat).
  assert (Er : Fp mu h r zB = zA) by (unfold r; rewrite <- (Fp_mod mu h pB zB HpB EB n); exact E).
  assert (Hr : (r < pB)%nat) by (apply Nat.mod_upper_bound; lia).
  assert (PA : Fp mu h pB zA = zA).
  { rewrite <- Er, <- Fp_add, Nat.add_comm, Fp_add, EB. reflexivity. }
  assert (Eb : Fp mu h (pB - r) zA = zB).
  { rewrite <- Er, <- Fp_add. replace (pB - r + r)%nat with pB by lia. exact EB. }
  assert (PB : Fp mu h pA zB = zB).
  { rewrite <- Eb, <- Fp_add, Nat.add_comm, Fp_add, EA. reflexivity. }
  destruct M as [[MA N] | [MB N]]; apply N; [apply MA | apply MB]; assumption.
Qed.

(* ---- stability for N = 2 -------------------------------------------------------- *)

Definition tr2 (M : mat2) : R := e11 M + e22 M.
(* the characteristic polynomial l^2 - tr l + det *)
Definition charp (M : mat2) (l : R) : R := l ^ 2 - tr2 M * l + det2 M.

(* The real eigenvalues are the real roots of charp: A v = l v with v <> 0
   exactly when charp A l = 0. (When tr^2 < 4 det the eigenvalues are the
   complex pair (tr +- i sqrt(4 det - tr^2)) / 2, of squared modulus det.) *)
Lemma eigen_root (A : mat2) (l : R) :
  charp A l = 0 <-> exists v, v <> (0, 0) /\ mapply A v = (l * fst v, l * snd v).
Proof.
  set (B := msub A ((l, 0), (0, l))).
  assert (Db : det2 B = charp A l).
  { destruct A as [[a b] [c d]]. unfold B, charp, det2, tr2, msub, e11, e12, e21, e22; simpl. ring. }
  assert (Bv : forall v, mapply B v = vsub2 (mapply A v) (l * fst v, l * snd v)).
  { intro v. destruct A as [[a b] [c d]], v as [v1 v2].
    unfold B, msub, mapply, vsub2, e11, e12, e21, e22, dot2; simpl. f_equal; ring. }
  split.
  - intro E. rewrite <- Db in E. destruct (det0_kernel B E) as [v [Hv Bz]].
    exists v. split; [exact Hv |]. rewrite Bv in Bz.
    destruct (mapply A v) as [w1 w2]. unfold vsub2 in Bz; simpl in Bz. injection Bz as E1 E2.
    f_equal; lra.
  - intros [v [Hv Av]]. rewrite <- Db.
    assert (Bz : mapply B v = (0, 0)) by (rewrite Bv, Av; unfold vsub2; simpl; f_equal; ring).
    destruct (adj_apply B v Bz) as [A1 A2].
    destruct (Req_dec (det2 B) 0) as [E|E]; [exact E |].
    exfalso. apply Hv. destruct v as [v1 v2]. simpl in A1, A2.
    f_equal; [apply (Rmult_eq_reg_l (det2 B)) | apply (Rmult_eq_reg_l (det2 B))]; lra.
Qed.

(* with two roots l, l' = T - l: l l' = D, and
   (1 - T + D)(1 + T + D) = (1 - l^2)(1 - l'^2) *)
Lemma other_root T D l : l ^ 2 - T * l + D = 0 ->
  l * (T - l) = D /\ (1 - T + D) * (1 + T + D) = (1 - l ^ 2) * (1 - (T - l) ^ 2) /\
  forall x, x ^ 2 - T * x + D = (x - l) * (x - (T - l)).
Proof.
  intro E. assert (ED : D = l * (T - l)) by nra.
  split; [lra | split; [rewrite ED; ring | intro x; rewrite ED; ring]].
Qed.

(* Theorem (Lemma 14 for N = 2, exactly as stability_failure checks it on the
   exact T = tr A, D = det A, which lie in its interval enclosures).
   attracting: |D| < 1, 1 - T + D > 0, 1 + T + D > 0 put every real
     eigenvalue in (-1, 1), and a complex pair (T^2 < 4 D) has squared
     modulus D < 1;
   saddle: (1 - T + D)(1 + T + D) < 0 gives two real eigenvalues, one in
     (-1, 1) and one of modulus > 1, and no other;
   repelling: |D| > 1 and |T| < |1 + D| put every real eigenvalue outside
     [-1, 1], and a complex pair has squared modulus D > 1. *)
Theorem stability_2d (A : mat2) :
  let T := tr2 A in
  let D := det2 A in
  (Rabs D < 1 -> 0 < 1 - T + D -> 0 < 1 + T + D ->
     (forall l, charp A l = 0 -> -1 < l < 1) /\ (T ^ 2 < 4 * D -> D < 1)) /\
  ((1 - T + D) * (1 + T + D) < 0 ->
     exists l1 l2, charp A l1 = 0 /\ charp A l2 = 0 /\ -1 < l1 < 1 /\ 1 < Rabs l2 /\
       (forall l, charp A l = 0 -> l = l1 \/ l = l2)) /\
  (1 < Rabs D -> Rabs T < Rabs (1 + D) ->
     (forall l, charp A l = 0 -> 1 < Rabs l) /\ (T ^ 2 < 4 * D -> 1 < D)).
Proof.
  intros T D. unfold charp. fold T D. split; [| split].
  - intros HD H1 H2. apply Rabs_def2 in HD. destruct HD as [HD1 HD2]. split; [| intro; lra].
    intros l E. destruct (other_root T D l E) as [P [Q _]].
    set (l' := T - l) in *.
    (* (1 - l)(1 - l') = 1 - T + D > 0 and (1 + l)(1 + l') = 1 + T + D > 0 *)
    assert (E1 : (1 - l) * (1 - l') = 1 - T + D) by (unfold l'; nra).
    assert (E2 : (1 + l) * (1 + l') = 1 + T + D) by (unfold l'; nra).
    split.
    + destruct (Rlt_or_le (-1) l) as [|Hl]; [assumption | exfalso].
      assert (N1 : 1 + l' < 0).
      { destruct (Rlt_or_le (1 + l') 0) as [|Hc]; [assumption | exfalso].
        assert (0 <= - (1 + l) * (1 + l')) by (apply Rmult_le_pos; lra). nra. }
      assert (0 < (- (1 + l)) * (- (1 + l'))) by nra.
      assert (1 <= l * l') by nra. lra.
    + destruct (Rlt_or_le l 1) as [|Hl]; [assumption | exfalso].
      assert (N1 : 1 - l' < 0).
      { destruct (Rlt_or_le (1 - l') 0) as [|Hc]; [assumption | exfalso].
        assert (0 <= - (1 - l) * (1 - l')) by (apply Rmult_le_pos; lra). nra. }
      assert (1 <= l * l') by nra. lra.
  - intro Hs.
    set (Dl := T ^ 2 - 4 * D).
    assert (Dpos : 0 < Dl).
    { destruct (Rlt_or_le 0 Dl) as [|Hd]; [assumption | exfalso].
      unfold Dl in Hd. pose proof (pow2_ge_0 (1 - T / 2)). pose proof (pow2_ge_0 (1 + T / 2)).
      assert (A1 : 0 <= 1 - T + D) by nra.
      assert (A2 : 0 <= 1 + T + D) by nra.
      assert (0 <= (1 - T + D) * (1 + T + D)) by (apply Rmult_le_pos; lra). lra. }
    set (s := sqrt Dl). assert (Hs2 : s * s = Dl) by (apply sqrt_sqrt; lra).
    set (la := (T + s) / 2). set (lb := (T - s) / 2).
    assert (Ra : la ^ 2 - T * la + D = 0) by (unfold la, Dl in *; nra).
    assert (Rb : lb ^ 2 - T * lb + D = 0) by (unfold lb, Dl in *; nra).
    destruct (other_root T D la Ra) as [_ [Q _]].
    assert (Elb : T - la = lb) by (unfold la, lb; field).
    rewrite Elb in Q.
    assert (All : forall l, l ^ 2 - T * l + D = 0 -> l = la \/ l = lb).
    { intros l E. destruct (other_root T D la Ra) as [_ [_ F]]. rewrite F, Elb in E.
      apply Rmult_integral in E. destruct E; [left | right]; lra. }
    assert (Sq : forall x, 1 < x ^ 2 -> 1 < Rabs x).
    { intros x Hx. destruct (Rcase_abs x); [rewrite Rabs_left by lra | rewrite Rabs_right by lra]; nra. }
    destruct (Rlt_or_le 0 (1 - la ^ 2)) as [Pa|Pa].
    + exists la, lb. assert (1 < lb ^ 2) by nra.
      split; [exact Ra | split; [exact Rb | split; [split; nra | split; [apply Sq; lra |]]]].
      intros l E. apply All, E.
    + assert (Pb : 0 < 1 - lb ^ 2) by (destruct (Req_dec (1 - la ^ 2) 0) as [E|E]; [rewrite E in Q; nra | nra]).
      assert (1 < la ^ 2) by nra.
      exists lb, la. split; [exact Rb | split; [exact Ra | split; [split; nra | split; [apply Sq; lra |]]]].
      intros l E. destruct (All l E); [right | left]; assumption.
  - intros HD HT. split.
    + intros l E. destruct (other_root T D l E) as [P [Q _]]. set (l' := T - l) in *.
      assert (Hsq : (1 + D) ^ 2 - T ^ 2 = (1 - l ^ 2) * (1 - l' ^ 2)).
      { replace ((1 + D) ^ 2 - T ^ 2) with ((1 - T + D) * (1 + T + D)) by ring. exact Q. }
      assert (HT2 : T ^ 2 < (1 + D) ^ 2).
      { pose proof (Rabs_pos T). rewrite <- (pow2_abs T), <- (pow2_abs (1 + D)). nra. }
      assert (HD2 : 1 < D ^ 2).
      { rewrite <- (pow2_abs D). nra. }
      destruct (Rlt_or_le 1 (l ^ 2)) as [Hl|Hl].
      * destruct (Rcase_abs l); [rewrite Rabs_left by lra | rewrite Rabs_right by lra]; nra.
      * exfalso.
        (* l^2 <= 1 and l^2 l'^2 = D^2 > 1 give l'^2 > 1, so (1 - l^2)(1 - l'^2) <= 0 *)
        assert (Pl : (l * l') ^ 2 = D ^ 2) by (rewrite P; reflexivity).
        assert (1 < l' ^ 2) by nra.
        assert ((1 - l ^ 2) * (1 - l' ^ 2) <= 0) by nra. lra.
    + intro H4. assert (0 < D) by nra. rewrite Rabs_right in HD by lra. lra.
Qed.

(* Theorem (Lemma 15 for N = 2, as check_multipliers tests it, on T = tr A,
   D = det A, disc = T^2 - 4 D): disc > 0: the real roots of
   l^2 - T l + D (the real eigenvalues of A, `eigen_root`) are exactly
   (T - sqrt disc)/2 and (T + sqrt disc)/2; disc < 0: no real root, and
   a +- i b with a = T/2, b = sqrt(-disc)/2 > 0 are the two complex roots
   (real and imaginary parts of (a + i b)^2 - T (a + i b) + D vanish), of
   squared modulus a^2 + b^2 = D. *)
Theorem multipliers_2d (A : mat2) :
  let T := tr2 A in
  let D := det2 A in
  let disc := T ^ 2 - 4 * D in
  (0 < disc -> forall l, charp A l = 0 <-> l = (T - sqrt disc) / 2 \/ l = (T + sqrt disc) / 2) /\
  (disc < 0 -> (forall l, charp A l <> 0) /\
     let a := T / 2 in let b := sqrt (- disc) / 2 in
     a ^ 2 - b ^ 2 - T * a + D = 0 /\ 2 * a * b - T * b = 0 /\ a ^ 2 + b ^ 2 = D /\ 0 < b).
Proof.
  intros T D disc. unfold charp. fold T D. split.
  - intros Hd l. assert (Es := sqrt_sqrt disc (Rlt_le _ _ Hd)). set (s := sqrt disc) in *.
    assert (F : l ^ 2 - T * l + D = (l - (T - s) / 2) * (l - (T + s) / 2)) by (unfold disc in Es; nra).
    rewrite F. split.
    + intro E. destruct (Rmult_integral _ _ E); [left | right]; lra.
    + intros [E|E]; rewrite E; ring.
  - intros Hd. split.
    + intros l E. assert (0 <= (l - T / 2) ^ 2) by apply pow2_ge_0. unfold disc in Hd. nra.
    + assert (Es := sqrt_sqrt (- disc) ltac:(lra)). assert (Sp := sqrt_lt_R0 (- disc) ltac:(lra)).
      set (s := sqrt (- disc)) in *. unfold disc in Es.
      repeat split; nra.
Qed.
