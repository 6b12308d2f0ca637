(* The scalar family in R^d is exactly two-dimensional: docs/math.md
   section 2. Vectors of R^d are functions nat -> R read at 0 .. d-1. *)
Require Import Reals Lra Lia.
Require Import LrCert.Scalar.
Open Scope R_scope.

Fixpoint dot (d : nat) (x y : nat -> R) : R :=
  match d with O => 0 | S n => dot n x y + x n * y n end.

Definition vadd (x y : nat -> R) : nat -> R := fun i => x i + y i.
Definition vsub (x y : nat -> R) : nat -> R := fun i => x i - y i.
Definition vscal (a : R) (x : nat -> R) : nat -> R := fun i => a * x i.

Lemma dot_sym d x y : dot d x y = dot d y x.
Proof. induction d; simpl; [ring | rewrite IHd; ring]. Qed.

Lemma dot_scal_l d a x y : dot d (vscal a x) y = a * dot d x y.
Proof. induction d; simpl; [ring | rewrite IHd; unfold vscal; ring]. Qed.

Lemma dot_scal_r d a x y : dot d x (vscal a y) = a * dot d x y.
Proof. induction d; simpl; [ring | rewrite IHd; unfold vscal; ring]. Qed.

Lemma dot_add_l d x y w : dot d (vadd x y) w = dot d x w + dot d y w.
Proof. induction d; simpl; [ring | rewrite IHd; unfold vadd; ring]. Qed.

Lemma dot_add_r d x y w : dot d w (vadd x y) = dot d w x + dot d w y.
Proof. induction d; simpl; [ring | rewrite IHd; unfold vadd; ring]. Qed.

Lemma dot_sub_l d x y w : dot d (vsub x y) w = dot d x w - dot d y w.
Proof. induction d; simpl; [ring | rewrite IHd; unfold vsub; ring]. Qed.

Lemma dot_sub_r d x y w : dot d w (vsub x y) = dot d w x - dot d w y.
Proof. induction d; simpl; [ring | rewrite IHd; unfold vsub; ring]. Qed.

Lemma dot_self_nonneg d x : 0 <= dot d x x.
Proof. induction d; simpl; nra. Qed.

Lemma dot_ext d x x' y y' :
  (forall i, (i < d)%nat -> x i = x' i) -> (forall i, (i < d)%nat -> y i = y' i) ->
  dot d x y = dot d x' y'.
Proof.
  induction d; intros Hx Hy; simpl; [reflexivity |].
  rewrite IHd by (intros; apply Hx || apply Hy; lia).
  rewrite (Hx d), (Hy d) by lia; reflexivity.
Qed.

(* The d-dimensional GD step of f = (mu - x.y)^2 / 2. *)
Definition resd (d : nat) (mu : R) (x y : nat -> R) : R := mu - dot d x y.
Definition Fd (d : nat) (mu h : R) (xy : (nat -> R) * (nat -> R)) : (nat -> R) * (nat -> R) :=
  let (x, y) := xy in
  let r := resd d mu x y in
  (fun i => x i + h * r * y i, fun i => y i + h * r * x i).

Section Step.
Variables (d : nat) (mu h : R) (x y : nat -> R).
Let r := resd d mu x y.
Let x1 := fst (Fd d mu h (x, y)).
Let y1 := snd (Fd d mu h (x, y)).

(* u+ = (1 + h r) u and v+ = (1 - h r) v, componentwise. *)
Lemma u_step i : x1 i + y1 i = (1 + h * r) * (x i + y i).
Proof. unfold x1, y1, r; simpl; ring. Qed.

Lemma v_step i : x1 i - y1 i = (1 - h * r) * (x i - y i).
Proof. unfold x1, y1, r; simpl; ring. Qed.

(* x.y = (|u|^2 - |v|^2) / 4 *)
Lemma dot_uv : dot d x y = (dot d (vadd x y) (vadd x y) - dot d (vsub x y) (vsub x y)) / 4.
Proof.
  rewrite !dot_add_l, !dot_add_r, !dot_sub_l, !dot_sub_r, (dot_sym d y x); field.
Qed.

(* The identities of section 2 hold in R^d too, with S = |x|^2 + |y|^2. *)
Lemma resd_step :
  resd d mu x1 y1 = sfac mu h (dot d x x + dot d y y) r * r.
Proof.
  unfold x1, y1; simpl.
  change (fun i => x i + h * resd d mu x y * y i) with (vadd x (vscal (h * r) y)).
  change (fun i => y i + h * resd d mu x y * x i) with (vadd y (vscal (h * r) x)).
  unfold resd at 1; rewrite !dot_add_l, !dot_add_r, !dot_scal_l, !dot_scal_r, (dot_sym d y x).
  unfold sfac, r, resd; ring.
Qed.
End Step.

Definition norm (d : nat) (x : nat -> R) : R := sqrt (dot d x x).

(* The reduced start: x0' = (|u0| + |v0|)/2, y0' = (|u0| - |v0|)/2. *)
Definition reduced_start (d : nat) (x0 y0 : nat -> R) : R * R :=
  ((norm d (vadd x0 y0) + norm d (vsub x0 y0)) / 2, (norm d (vadd x0 y0) - norm d (vsub x0 y0)) / 2).

(* The unit direction of a vector, 0 for the zero vector. *)
Definition dir (d : nat) (u : nat -> R) : nat -> R :=
  fun i => if Req_EM_T (dot d u u) 0 then 0 else u i / norm d u.

Fixpoint gd_d (d : nat) (mu h : R) (x0 y0 : nat -> R) (k : nat) : (nat -> R) * (nat -> R) :=
  match k with O => (x0, y0) | S k => Fd d mu h (gd_d d mu h x0 y0 k) end.

Fixpoint gd_1 (mu h : R) (z0 : R * R) (k : nat) : R * R :=
  match k with O => z0 | S k => F mu h (gd_1 mu h z0 k) end.

Lemma dot_dir d u : dot d u u <> 0 -> dot d (dir d u) (dir d u) = 1.
Proof.
  intro Hu. pose proof (dot_self_nonneg d u) as Hn.
  assert (Hs : 0 < norm d u) by (apply sqrt_lt_R0; lra).
  rewrite (dot_ext d _ (vscal (/ norm d u) u) _ (vscal (/ norm d u) u)).
  2, 3: intros i _; unfold dir, vscal; destruct (Req_EM_T (dot d u u) 0); [contradiction | field; lra].
  rewrite dot_scal_l, dot_scal_r. unfold norm in *.
  rewrite <- (sqrt_sqrt (dot d u u)) at 3 by lra. field. lra.
Qed.

Lemma dir_zero d u : dot d u u = 0 -> forall i, dir d u i = 0.
Proof. intros Hu i; unfold dir; destruct (Req_EM_T (dot d u u) 0); [reflexivity | contradiction]. Qed.

Lemma dot_zero_entries d u : dot d u u = 0 -> forall i, (i < d)%nat -> u i = 0.
Proof.
  induction d as [|d IH]; intros E i Hi; [lia |].
  simpl in E. pose proof (dot_self_nonneg d u).
  assert (E1 : dot d u u = 0) by nra. assert (E2 : u d * u d = 0) by nra.
  destruct (Nat.eq_dec i d) as [->|]; [nra | apply IH; auto; lia].
Qed.

Lemma norm_dir d u i : (i < d)%nat -> u i = norm d u * dir d u i.
Proof.
  intro Hi. unfold dir. destruct (Req_EM_T (dot d u u) 0) as [E|NE].
  - rewrite (dot_zero_entries d u E i Hi); ring.
  - unfold norm. assert (0 < sqrt (dot d u u)).
    { apply sqrt_lt_R0. pose proof (dot_self_nonneg d u); lra. }
    field; lra.
Qed.

(* Theorem (docs/math.md section 2): the d = 1 run from the reduced start
   reproduces the d-dimensional run: with alpha_k = x'_k + y'_k and
   beta_k = x'_k - y'_k, x_k = (alpha_k u0/|u0| + beta_k v0/|v0|)/2 and
   y_k = (alpha_k u0/|u0| - beta_k v0/|v0|)/2 for every step k, and the
   residuals agree. *)
Theorem scalar_reduction (d : nat) (mu h : R) (x0 y0 : nat -> R) :
  let eu := dir d (vadd x0 y0) in
  let ev := dir d (vsub x0 y0) in
  forall k,
    let zk := gd_1 mu h (reduced_start d x0 y0) k in
    let xyk := gd_d d mu h x0 y0 k in
    (forall i, (i < d)%nat ->
       fst xyk i = (alpha zk * eu i + beta zk * ev i) / 2 /\
       snd xyk i = (alpha zk * eu i - beta zk * ev i) / 2) /\
    resd d mu (fst xyk) (snd xyk) = res mu zk.
Proof.
  intros eu ev.
  set (U := dot d (vadd x0 y0) (vadd x0 y0)). set (V := dot d (vsub x0 y0) (vsub x0 y0)).
  (* the invariant: the formulas above, and alpha_k = 0 when u0 = 0, beta_k = 0 when v0 = 0 *)
  assert (Key : forall k,
    let zk := gd_1 mu h (reduced_start d x0 y0) k in
    let xyk := gd_d d mu h x0 y0 k in
    (forall i, (i < d)%nat ->
       fst xyk i = (alpha zk * eu i + beta zk * ev i) / 2 /\
       snd xyk i = (alpha zk * eu i - beta zk * ev i) / 2) /\
    (U = 0 -> alpha zk = 0) /\ (V = 0 -> beta zk = 0)).
  { induction k as [|k IH]; intros zk xyk.
    - subst zk xyk; simpl. unfold alpha, beta, reduced_start; simpl.
      split; [| split].
      + intros i Hi. unfold eu, ev.
        pose proof (norm_dir d (vadd x0 y0) i Hi) as Hu.
        pose proof (norm_dir d (vsub x0 y0) i Hi) as Hv.
        split.
        * replace (x0 i) with ((vadd x0 y0 i + vsub x0 y0 i) / 2) by (unfold vadd, vsub; field).
          rewrite Hu, Hv; field.
        * replace (y0 i) with ((vadd x0 y0 i - vsub x0 y0 i) / 2) by (unfold vadd, vsub; field).
          rewrite Hu, Hv; field.
      + intro HU. unfold norm. fold U V. rewrite HU, sqrt_0. field.
      + intro HV. unfold norm. fold U V. rewrite HV, sqrt_0. field.
    - destruct IH as [IHx [IHu IHv]].
      set (zp := gd_1 mu h (reduced_start d x0 y0) k) in *.
      set (xyp := gd_d d mu h x0 y0 k) in *.
      assert (Hr : resd d mu (fst xyp) (snd xyp) = res mu zp).
      { unfold resd. rewrite (dot_uv d (fst xyp) (snd xyp)).
        assert (Hu : dot d (vadd (fst xyp) (snd xyp)) (vadd (fst xyp) (snd xyp)) = alpha zp ^ 2).
        { rewrite (dot_ext d _ (vscal (alpha zp) eu) _ (vscal (alpha zp) eu)).
          2, 3: intros i Hi; unfold vadd, vscal; destruct (IHx i Hi) as [E1 E2]; rewrite E1, E2; field.
          rewrite dot_scal_l, dot_scal_r.
          destruct (Req_EM_T U 0) as [HU|HU].
          - rewrite (IHu HU); ring.
          - unfold eu; rewrite dot_dir by exact HU; ring. }
        assert (Hv : dot d (vsub (fst xyp) (snd xyp)) (vsub (fst xyp) (snd xyp)) = beta zp ^ 2).
        { rewrite (dot_ext d _ (vscal (beta zp) ev) _ (vscal (beta zp) ev)).
          2, 3: intros i Hi; unfold vsub, vscal; destruct (IHx i Hi) as [E1 E2]; rewrite E1, E2; field.
          rewrite dot_scal_l, dot_scal_r.
          destruct (Req_EM_T V 0) as [HV|HV].
          - rewrite (IHv HV); ring.
          - unfold ev; rewrite dot_dir by exact HV; ring. }
        rewrite Hu, Hv. pose proof (a_minus_b mu zp) as E. unfold res in *. lra. }
      subst zk xyk; simpl gd_1; simpl gd_d. fold zp xyp.
      destruct xyp as [xp yp] eqn:Exyp. simpl in Hr, IHx.
      rewrite alpha_step, beta_step. simpl.
      split; [| split].
      + intros i Hi. destruct (IHx i Hi) as [E1 E2]. rewrite E1, E2, Hr. split; field.
      + intro HU; rewrite (IHu HU); ring.
      + intro HV; rewrite (IHv HV); ring. }
  intros k zk xyk. destruct (Key k) as [Hx [Hu Hv]]. split; [exact Hx |].
  fold zk xyk in Hx, Hu, Hv.
  unfold resd. rewrite (dot_uv d (fst xyk) (snd xyk)).
  rewrite (dot_ext d _ (vscal (alpha zk) eu) _ (vscal (alpha zk) eu)).
  2, 3: intros i Hi; unfold vadd, vscal; destruct (Hx i Hi) as [E1 E2]; rewrite E1, E2; field.
  rewrite (dot_ext d (vsub _ _) (vscal (beta zk) ev) (vsub _ _) (vscal (beta zk) ev)).
  2, 3: intros i Hi; unfold vsub, vscal; destruct (Hx i Hi) as [E1 E2]; rewrite E1, E2; field.
  rewrite !dot_scal_l, !dot_scal_r.
  assert (A : alpha zk * (alpha zk * dot d eu eu) = alpha zk ^ 2).
  { destruct (Req_EM_T U 0) as [HU|HU]; [rewrite (Hu HU); ring | unfold eu; rewrite dot_dir by exact HU; ring]. }
  assert (B : beta zk * (beta zk * dot d ev ev) = beta zk ^ 2).
  { destruct (Req_EM_T V 0) as [HV|HV]; [rewrite (Hv HV); ring | unfold ev; rewrite dot_dir by exact HV; ring]. }
  rewrite A, B. pose proof (a_minus_b mu zk) as E. unfold res in *. lra.
Qed.
