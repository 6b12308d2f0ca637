(* Lemma N: no global minimizer is reached when h |mu| > 1 (docs/math.md
   section 13, docs/checker.md Lemma N; checked by lemma_n in
   proofs-check/check.cpp, outcome not_converged).

   Step 2 (arithmetic) uses l-adic valuations of real numbers that are
   rationals. Instead of a valuation function we use two predicates, for a
   prime l and an integer k:
     val_ge l x k   x / l^k = a / b with integers a, b and l not dividing b
                    (x = 0 or v_l(x) >= k);
     has_val l x k  x / l^k = a / b with l dividing neither a nor b
                    (x <> 0 and v_l(x) = k).
   Step 1 (analysis): with h |mu| > 1, a residual that is never exactly 0
   cannot tend to 0. *)
From Coquelicot Require Import Coquelicot.
Require Import Reals Lra Lia ZArith Znumtheory.
Require Import LrCert.Scalar.
Open Scope R_scope.

(* ---- l-integral numbers and l-adic units ---------------------------------- *)

Definition lint (l : Z) (x : R) : Prop :=
  exists a b : Z, ~ (l | b)%Z /\ x = IZR a / IZR b.
Definition lunit (l : Z) (x : R) : Prop :=
  exists a b : Z, ~ (l | a)%Z /\ ~ (l | b)%Z /\ x = IZR a / IZR b.

Definition val_ge (l : Z) (x : R) (k : Z) : Prop := lint l (x / powerRZ (IZR l) k).
Definition has_val (l : Z) (x : R) (k : Z) : Prop := lunit l (x / powerRZ (IZR l) k).

Lemma nd_nz l b : ~ (l | b)%Z -> IZR b <> 0.
Proof. intros H E. apply eq_IZR_R0 in E. subst b. apply H, Z.divide_0_r. Qed.

Lemma nd_mul l a b : prime l -> ~ (l | a)%Z -> ~ (l | b)%Z -> ~ (l | a * b)%Z.
Proof. intros P Ha Hb D. destruct (prime_mult l P a b D); auto. Qed.

Lemma l_nz l : prime l -> IZR l <> 0.
Proof. intro P. apply not_0_IZR. pose proof (prime_ge_2 l P). lia. Qed.

Lemma l_nd1 l : prime l -> ~ (l | 1)%Z.
Proof.
  intros P D. pose proof (prime_ge_2 l P).
  apply Z.divide_pos_le in D; lia.
Qed.

Lemma lint_Z l n : prime l -> lint l (IZR n).
Proof. intro P. exists n, 1%Z. split; [apply l_nd1, P | simpl; field]. Qed.

Lemma lint_add l x y : prime l -> lint l x -> lint l y -> lint l (x + y).
Proof.
  intros P [a [b [Hb ->]]] [c [d [Hd ->]]].
  exists (a * d + c * b)%Z, (b * d)%Z. split; [apply nd_mul; auto |].
  pose proof (nd_nz l b Hb). pose proof (nd_nz l d Hd).
  rewrite plus_IZR, !mult_IZR. field; auto.
Qed.

Lemma lint_mul l x y : prime l -> lint l x -> lint l y -> lint l (x * y).
Proof.
  intros P [a [b [Hb ->]]] [c [d [Hd ->]]].
  exists (a * c)%Z, (b * d)%Z. split; [apply nd_mul; auto |].
  pose proof (nd_nz l b Hb). pose proof (nd_nz l d Hd).
  rewrite !mult_IZR. field; auto.
Qed.

Lemma lunit_lint l x : lunit l x -> lint l x.
Proof. intros [a [b [_ [Hb E]]]]. exists a, b. auto. Qed.

Lemma lunit_mul l x y : prime l -> lunit l x -> lunit l y -> lunit l (x * y).
Proof.
  intros P [a [b [Ha [Hb ->]]]] [c [d [Hc [Hd ->]]]].
  exists (a * c)%Z, (b * d)%Z. split; [apply nd_mul; auto |]. split; [apply nd_mul; auto |].
  pose proof (nd_nz l b Hb). pose proof (nd_nz l d Hd).
  rewrite !mult_IZR. field; auto.
Qed.

Lemma lunit_nz l x : lunit l x -> x <> 0.
Proof.
  intros [a [b [Ha [Hb ->]]]] E. pose proof (nd_nz l b Hb). pose proof (nd_nz l a Ha).
  unfold Rdiv in E. apply Rmult_integral in E. destruct E as [E|E]; [auto |].
  apply (Rinv_neq_0_compat (IZR b)); auto.
Qed.

(* a unit plus l times an l-integral number is a unit *)
Lemma lunit_add l x y : prime l -> lunit l x -> lint l y -> lunit l (x + IZR l * y).
Proof.
  intros P [a [b [Ha [Hb ->]]]] [c [d [Hd ->]]].
  exists (a * d + l * c * b)%Z, (b * d)%Z. split; [| split; [apply nd_mul; auto |]].
  - intro D. apply (nd_mul l a d P Ha Hd).
    replace (a * d)%Z with ((a * d + l * c * b) + l * (- c * b))%Z by ring.
    apply Z.divide_add_r; [exact D | apply Z.divide_mul_l, Z.divide_refl].
  - pose proof (nd_nz l b Hb). pose proof (nd_nz l d Hd).
    rewrite plus_IZR, !mult_IZR. field; auto.
Qed.

(* ---- valuations ------------------------------------------------------------ *)

Lemma pw_nz l k : prime l -> powerRZ (IZR l) k <> 0.
Proof. intro P. apply powerRZ_NOR, l_nz, P. Qed.

Lemma pw_lint l k : prime l -> (0 <= k)%Z -> lint l (powerRZ (IZR l) k).
Proof. intros P Hk. rewrite <- Zpower_nat_powerRZ_absolu by exact Hk. apply lint_Z, P. Qed.

Lemma vg_mono l x k j : prime l -> val_ge l x k -> (j <= k)%Z -> val_ge l x j.
Proof.
  intros P H Hjk. unfold val_ge in *.
  replace (x / powerRZ (IZR l) j) with (x / powerRZ (IZR l) k * powerRZ (IZR l) (k - j)).
  - apply lint_mul; [exact P | exact H | apply pw_lint; [exact P | lia]].
  - replace k with (j + (k - j))%Z at 1 by ring. rewrite powerRZ_add by apply l_nz, P.
    pose proof (pw_nz l j P). pose proof (pw_nz l (k - j) P). field; auto.
Qed.

Lemma vg_add l x y k : prime l -> val_ge l x k -> val_ge l y k -> val_ge l (x + y) k.
Proof.
  intros P Hx Hy. unfold val_ge in *. unfold Rdiv in *. rewrite Rmult_plus_distr_r.
  apply lint_add; auto.
Qed.

Lemma vg_mul l x y k j m : prime l -> val_ge l x k -> val_ge l y j -> (m <= k + j)%Z -> val_ge l (x * y) m.
Proof.
  intros P Hx Hy Hm. apply (vg_mono l _ (k + j)); [exact P | | exact Hm].
  unfold val_ge in *. rewrite powerRZ_add by apply l_nz, P.
  replace (x * y / (powerRZ (IZR l) k * powerRZ (IZR l) j))
    with (x / powerRZ (IZR l) k * (y / powerRZ (IZR l) j))
    by (pose proof (pw_nz l k P); pose proof (pw_nz l j P); field; auto).
  apply lint_mul; auto.
Qed.

Lemma vg_Z l n k : prime l -> (k <= 0)%Z -> val_ge l (IZR n) k.
Proof.
  intros P Hk. apply (vg_mono l _ 0); [exact P | | exact Hk].
  unfold val_ge. rewrite powerRZ_O. unfold Rdiv. rewrite Rinv_1, Rmult_1_r. apply lint_Z, P.
Qed.

Lemma hv_vg l x k : has_val l x k -> val_ge l x k.
Proof. apply lunit_lint. Qed.

Lemma hv_nz l x k : prime l -> has_val l x k -> x <> 0.
Proof.
  intros P H E. apply (lunit_nz l _ H). rewrite E. unfold Rdiv. apply Rmult_0_l.
Qed.

Lemma hv_mul l x y k j m : prime l -> has_val l x k -> has_val l y j -> m = (k + j)%Z -> has_val l (x * y) m.
Proof.
  intros P Hx Hy ->. unfold has_val in *. rewrite powerRZ_add by apply l_nz, P.
  replace (x * y / (powerRZ (IZR l) k * powerRZ (IZR l) j))
    with (x / powerRZ (IZR l) k * (y / powerRZ (IZR l) j))
    by (pose proof (pw_nz l k P); pose proof (pw_nz l j P); field; auto).
  apply lunit_mul; auto.
Qed.

(* v(x) = k and v(y) >= k + 1 give v(x + y) = k *)
Lemma hv_add l x y k : prime l -> has_val l x k -> val_ge l y (k + 1) -> has_val l (x + y) k.
Proof.
  intros P Hx Hy. unfold has_val, val_ge in *.
  replace ((x + y) / powerRZ (IZR l) k)
    with (x / powerRZ (IZR l) k + IZR l * (y / powerRZ (IZR l) (k + 1))).
  - apply lunit_add; auto.
  - rewrite powerRZ_add by apply l_nz, P. simpl powerRZ.
    pose proof (pw_nz l k P). pose proof (l_nz l P). field; auto.
Qed.

(* ---- Step 2: the valuation invariant ---------------------------------------- *)

(* The invariant at a state z with s = -v_l(r), e = -v_l(h): (i) s + e > 0,
   (iii) v_l(mu) >= 1 - s (s + v_l(mu) > 0, or mu = 0), (ii) v_l(S) >= 1 - e - 2 s
   with S = x^2 + y^2 = (|u|^2 + |v|^2)/2, i.e. w + e + 2 s - v_l(2) > 0 for
   w = v_l(|u|^2 + |v|^2) (or |u|^2 + |v|^2 = 0). *)
Definition N_inv (l : Z) (mu h : R) (e s : Z) (z : R * R) : Prop :=
  has_val l (res mu z) (- s) /\ (0 < s + e)%Z /\ val_ge l mu (1 - s) /\ val_ge l (sq z) (1 - e - 2 * s).

(* One GD step keeps the invariant, with the next s = 3 s + 2 e. *)
Lemma N_inv_step l mu h e s z :
  prime l -> has_val l h (- e) -> N_inv l mu h e s z -> N_inv l mu h e (3 * s + 2 * e) (F mu h z).
Proof.
  intros P Hh [Hr [Hse [Hmu HS]]].
  set (r := res mu z) in *. set (S := sq z) in *.
  assert (Vh : val_ge l h (- e)) by (apply hv_vg, Hh).
  assert (Vr : val_ge l r (- s)) by (apply hv_vg, Hr).
  assert (Hr2 : has_val l (h ^ 2 * r ^ 2) (- 2 * e - 2 * s)).
  { replace (h ^ 2 * r ^ 2) with ((h * h) * (r * r)) by ring.
    apply (hv_mul l _ _ (- 2 * e) (- 2 * s)); [exact P | | | ring].
    - apply (hv_mul l _ _ (- e) (- e)); auto; ring.
    - apply (hv_mul l _ _ (- s) (- s)); auto; ring. }
  (* phi = h^2 r^2 + (1 - h S - h^2 r mu): the first term has valuation
     -2e - 2s, the rest valuation >= 1 - 2e - 2s *)
  assert (Hphi : has_val l (sfac mu h S r) (- 2 * e - 2 * s)).
  { replace (sfac mu h S r) with (h ^ 2 * r ^ 2 + (1 - h * S - h ^ 2 * r * mu)) by (unfold sfac; ring).
    apply hv_add; [exact P | exact Hr2 |].
    replace (1 - h * S - h ^ 2 * r * mu) with (1 + ((-1) * (h * S) + (-1) * ((h * h * r) * mu)))
      by ring.
    apply vg_add; [exact P | apply vg_Z; [exact P | lia] |].
    apply vg_add; [exact P | |].
    - apply (vg_mul l _ _ 0 (1 - 2 * e - 2 * s)); [exact P | apply vg_Z; [exact P | lia] | | lia].
      apply (vg_mul l _ _ (- e) (1 - e - 2 * s)); auto; lia.
    - apply (vg_mul l _ _ 0 (1 - 2 * e - 2 * s)); [exact P | apply vg_Z; [exact P | lia] | | lia].
      apply (vg_mul l _ _ (- 2 * e - s) (1 - s)); [exact P | | exact Hmu | lia].
      apply (vg_mul l _ _ (- 2 * e) (- s)); [exact P | | exact Vr | lia].
      apply (vg_mul l _ _ (- e) (- e)); auto; lia. }
  split; [| split; [lia | split]].
  - unfold r. rewrite res_step. fold r S.
    apply (hv_mul l _ _ (- 2 * e - 2 * s) (- s)); [exact P | exact Hphi | exact Hr | ring].
  - apply (vg_mono l _ (1 - s)); [exact P | exact Hmu | lia].
  - (* S+ = S + h^2 r^2 S + 4 h r mu - 4 h r^2 *)
    rewrite sq_step. fold r S.
    replace ((1 + h ^ 2 * r ^ 2) * S + 4 * h * r * (mu - r))
      with (S + ((h ^ 2 * r ^ 2) * S + (4 * (h * r) * mu + (-4) * (h * (r * r)))))
      by ring.
    apply vg_add; [exact P | apply (vg_mono l _ (1 - e - 2 * s)); [exact P | exact HS | lia] |].
    apply vg_add; [exact P | apply (vg_mul l _ _ (- 2 * e - 2 * s) (1 - e - 2 * s)); [exact P | apply hv_vg, Hr2 | exact HS | lia] |].
    apply vg_add; [exact P | |].
    + apply (vg_mul l _ _ (- e - s) (1 - s)); [exact P | | exact Hmu | lia].
      apply (vg_mul l _ _ 0 (- e - s)); [exact P | apply vg_Z; [exact P | lia] | | lia].
      apply (vg_mul l _ _ (- e) (- s)); auto; lia.
    + apply (vg_mul l _ _ 0 (- e - 2 * s)); [exact P | apply vg_Z; [exact P | lia] | | lia].
      apply (vg_mul l _ _ (- e) (- 2 * s)); [exact P | exact Vh | | lia].
      apply (vg_mul l _ _ (- s) (- s)); auto; lia.
Qed.

(* ---- Step 1: the analysis -------------------------------------------------- *)

(* h |mu| > 1 and r_k <> 0 for every k: r_k does not tend to 0. *)
Lemma res_not_to_zero mu h (z : nat -> R * R) :
  gd_seq mu h z -> 1 < h * Rabs mu -> (forall k, res mu (z k) <> 0) ->
  ~ is_lim_seq (fun k => res mu (z k)) 0.
Proof.
  intros Hz Hm Hnz Hlim.
  assert (Hh : 0 < h).
  { destruct (Rle_lt_dec h 0) as [H|H]; [| exact H]. pose proof (Rabs_pos mu). nra. }
  set (r := fun k => res mu (z k)).
  (* the bound u_k >= the factor s_k tends to 1 - 2 h |mu| < -1 *)
  set (u := fun k => 1 - 2 * h * Rabs (mu - r k) - h ^ 2 * r k * (mu - r k)).
  assert (Hu : is_lim_seq u (1 - 2 * h * Rabs mu)).
  { assert (Hd : is_lim_seq (fun k => mu - r k) mu).
    { pose proof (is_lim_seq_minus' (fun _ => mu) r mu 0 (is_lim_seq_const mu) Hlim) as D.
      rewrite Rminus_0_r in D. exact D. }
    assert (Ha : is_lim_seq (fun k => Rabs (mu - r k)) (Rabs mu)) by (apply (is_lim_seq_abs _ mu), Hd).
    replace (1 - 2 * h * Rabs mu) with (1 - 2 * h * Rabs mu - h ^ 2 * 0 * mu) by ring.
    apply is_lim_seq_minus'; [apply is_lim_seq_minus'; [apply is_lim_seq_const |] |].
    - apply is_lim_seq_mult'; [apply is_lim_seq_const | exact Ha].
    - apply is_lim_seq_mult'; [| exact Hd]. apply is_lim_seq_mult'; [apply is_lim_seq_const | exact Hlim]. }
  apply is_lim_seq_spec in Hu.
  destruct (Hu (mkposreal (2 * h * Rabs mu - 2) ltac:(lra))) as [N HN]. simpl in HN.
  (* from N on, s_k <= u_k < -1, so |r_{k+1}| >= |r_k| *)
  assert (Grow : forall n, Rabs (r N) <= Rabs (r (N + n)%nat)).
  { induction n as [|n IH]; [rewrite Nat.add_0_r; lra |].
    replace (N + S n)%nat with (S (N + n)) by lia.
    assert (Hs : sfac mu h (sq (z (N + n)%nat)) (r (N + n)%nat) < -1).
    { pose proof (HN (N + n)%nat ltac:(lia)) as B. apply Rabs_lt_between in B.
      pose proof (sq_ge_2xy mu (z (N + n)%nat)). unfold u, r in *. unfold sfac. nra. }
    unfold r at 2. rewrite Hz, res_step. fold (r (N + n)%nat).
    rewrite Rabs_mult. rewrite (Rabs_left (sfac _ _ _ _)) by lra.
    pose proof (Rabs_pos (r (N + n)%nat)). nra. }
  apply is_lim_seq_spec in Hlim.
  assert (Hpos : 0 < Rabs (r N)) by (apply Rabs_pos_lt, Hnz).
  destruct (Hlim (mkposreal (Rabs (r N)) Hpos)) as [M HM]. simpl in HM.
  pose proof (HM (N + M)%nat ltac:(lia)) as B. rewrite Rminus_0_r in B.
  pose proof (Grow M). unfold r in *. lra.
Qed.

(* Theorem (Lemma N, exactly as lemma_n checks it). If h |mu| > 1, r_k <> 0
   for k < K, and at step K, for a prime l, with s = -v_l(r_K) and
   e = -v_l(h): s + e > 0, v_l(mu) >= 1 - s, v_l(S_K) >= 1 - e - 2 s, then
   r_k <> 0 for every k, r_k does not tend to 0, the loss does not tend to 0,
   and the iterates converge to no global minimizer. *)
Theorem lemma_N (l : Z) (mu h : R) (z : nat -> R * R) (K : nat) (s e : Z) :
  prime l -> gd_seq mu h z ->
  1 < h * Rabs mu ->                                        (* h |mu| > 1 *)
  (forall k, (k < K)%nat -> res mu (z k) <> 0) ->            (* r_k <> 0 exactly, k < K *)
  has_val l (res mu (z K)) (- s) ->                          (* s = -v_l(r_K) *)
  has_val l h (- e) ->                                       (* e = -v_l(h) *)
  (0 < s + e)%Z ->                                           (* (i) *)
  val_ge l (sq (z K)) (1 - e - 2 * s) ->                     (* (ii) *)
  val_ge l mu (1 - s) ->                                     (* (iii) *)
  (forall k, res mu (z k) <> 0) /\
  ~ is_lim_seq (fun k => res mu (z k)) 0 /\
  ~ is_lim_seq (fun k => loss mu (z k)) 0 /\
  ~ (exists zinf : R * R, is_lim_seq (fun k => fst (z k)) (fst zinf) /\
                  is_lim_seq (fun k => snd (z k)) (snd zinf) /\ res mu zinf = 0).
Proof.
  intros P Hz Hm Hbefore Hr He Hi Hii Hiii.
  assert (Inv : forall n, exists s', N_inv l mu h e s' (z (K + n)%nat)).
  { induction n as [|n [s' IH]].
    - exists s. rewrite Nat.add_0_r. repeat split; auto.
    - exists (3 * s' + 2 * e)%Z. replace (K + S n)%nat with (S (K + n)) by lia.
      rewrite Hz. apply N_inv_step; auto. }
  assert (Hnz : forall k, res mu (z k) <> 0).
  { intro k. destruct (lt_dec k K) as [Lt|Ge]; [apply Hbefore, Lt |].
    destruct (Inv (k - K)%nat) as [s' [Hs' _]].
    replace (K + (k - K))%nat with k in Hs' by lia. apply (hv_nz l _ _ P Hs'). }
  pose proof (res_not_to_zero mu h z Hz Hm Hnz) as NR.
  split; [exact Hnz | split; [exact NR | split]].
  - intro HL. apply NR. apply is_lim_seq_spec in HL. apply is_lim_seq_spec.
    intro eps. destruct (HL (mkposreal (pos eps ^ 2 / 2) ltac:(pose proof (cond_pos eps); nra))) as [N HN].
    exists N. intros n Hn. specialize (HN n Hn). simpl in HN. unfold loss in HN.
    rewrite Rminus_0_r in *. rewrite Rabs_right in HN by nra.
    pose proof (cond_pos eps). apply Rabs_lt_between. split.
    + destruct (Rle_lt_dec (res mu (z n)) (- eps)); [nra | lra].
    + destruct (Rle_lt_dec eps (res mu (z n))); [nra | lra].
  - intros [zinf [H1 [H2 H0]]]. apply NR. rewrite <- H0. unfold res.
    apply is_lim_seq_minus'; [apply is_lim_seq_const |]. apply is_lim_seq_mult'; assumption.
Qed.
