(* The reduced (d = 1) scalar problem and its identities: docs/math.md
   section 2. State z = (x, y), f = (mu - x y)^2 / 2, r = mu - x y,
   GD step x+ = x + h r y, y+ = y + h r x. *)
Require Import Reals Lra Lia.
Open Scope R_scope.

Definition res (mu : R) (z : R * R) : R := mu - fst z * snd z.
Definition sq (z : R * R) : R := fst z * fst z + snd z * snd z.  (* S = x^2 + y^2 *)
Definition alpha (z : R * R) : R := fst z + snd z.
Definition beta (z : R * R) : R := fst z - snd z.
Definition loss (mu : R) (z : R * R) : R := res mu z ^ 2 / 2.

(* The GD map of the reduced problem. *)
Definition F (mu h : R) (z : R * R) : R * R :=
  (fst z + h * res mu z * snd z, snd z + h * res mu z * fst z).

(* The contraction factor s and the drift of S (docs/math.md section 2). *)
Definition sfac (mu h S r : R) : R := 1 - h * S - h ^ 2 * r * (mu - r).
Definition drift (mu h S r : R) : R := h ^ 2 * r * S + 4 * h * (mu - r).

(* The identities, for every state z, with x = fst z, y = snd z, r = res mu z. *)
Lemma alpha_step mu h z : alpha (F mu h z) = (1 + h * res mu z) * alpha z.
Proof. unfold alpha, F, res; simpl; ring. Qed.

Lemma beta_step mu h z : beta (F mu h z) = (1 - h * res mu z) * beta z.
Proof. unfold beta, F, res; simpl; ring. Qed.

(* a = alpha^2, b = beta^2 *)
Lemma a_step mu h z : alpha (F mu h z) ^ 2 = (1 + h * res mu z) ^ 2 * alpha z ^ 2.
Proof. rewrite alpha_step; ring. Qed.

Lemma b_step mu h z : beta (F mu h z) ^ 2 = (1 - h * res mu z) ^ 2 * beta z ^ 2.
Proof. rewrite beta_step; ring. Qed.

Lemma res_step mu h z : res mu (F mu h z) = sfac mu h (sq z) (res mu z) * res mu z.
Proof. unfold F, sfac, sq, res; simpl; ring. Qed.

Lemma sq_step mu h z :
  sq (F mu h z) = (1 + h ^ 2 * res mu z ^ 2) * sq z + 4 * h * res mu z * (mu - res mu z).
Proof. unfold F, sq, res; simpl; ring. Qed.

Lemma sq_drift mu h z : sq (F mu h z) - sq z = res mu z * drift mu h (sq z) (res mu z).
Proof. rewrite sq_step; unfold drift; ring. Qed.

Lemma a_minus_b mu z : alpha z ^ 2 - beta z ^ 2 = 4 * (mu - res mu z).
Proof. unfold alpha, beta, res; ring. Qed.

Lemma sq_ab z : sq z = (alpha z ^ 2 + beta z ^ 2) / 2.
Proof. unfold sq, alpha, beta; field. Qed.

(* S >= 2 |x y| = 2 |mu - r| *)
Lemma sq_ge_2xy mu z : 2 * Rabs (mu - res mu z) <= sq z.
Proof.
  unfold res, sq; replace (mu - (mu - fst z * snd z)) with (fst z * snd z) by ring.
  destruct (Rcase_abs (fst z * snd z)).
  - rewrite Rabs_left by lra. pose proof (pow2_ge_0 (fst z + snd z)). nra.
  - rewrite Rabs_right by lra. pose proof (pow2_ge_0 (fst z - snd z)). nra.
Qed.

Lemma sq_nonneg z : 0 <= sq z.
Proof. unfold sq; nra. Qed.

(* The iterates: z (S k) = F (z k). *)
Definition gd_seq (mu h : R) (z : nat -> R * R) : Prop := forall k, z (S k) = F mu h (z k).
