(* The exceptional starts (docs/math.md section 6, docs/checker.md Lemma 3,
   proofs-check/check.cpp check_scalar, outcome not_converged). *)
Require Import Reals Lra.
Require Import LrCert.Scalar.
Open Scope R_scope.

(* x0 = -y0 (alpha = x + y = 0) keeps alpha = 0, so r = mu + b/4 >= mu and,
   for mu > 0, f >= mu^2 / 2 at every step: no global minimizer is reached.
   Symmetrically x0 = y0 (beta = 0) keeps beta = 0, r = mu - a/4 <= mu, and
   for mu < 0, f >= mu^2 / 2. *)
Theorem exceptional_starts (mu h : R) (z : nat -> R * R) :
  gd_seq mu h z ->
  (alpha (z O) = 0 -> 0 < mu -> forall k, alpha (z k) = 0 /\ mu <= res mu (z k) /\ mu ^ 2 / 2 <= loss mu (z k)) /\
  (beta (z O) = 0 -> mu < 0 -> forall k, beta (z k) = 0 /\ res mu (z k) <= mu /\ mu ^ 2 / 2 <= loss mu (z k)).
Proof.
  intro Hz. split.
  - intros H0 Hmu k.
    assert (A : alpha (z k) = 0).
    { induction k as [|k IH]; [exact H0 |]. rewrite Hz, alpha_step, IH. ring. }
    assert (R : mu <= res mu (z k)).
    { pose proof (a_minus_b mu (z k)) as E. rewrite A in E. pose proof (pow2_ge_0 (beta (z k))). nra. }
    split; [exact A | split; [exact R |]]. unfold loss.
    apply Rmult_le_compat_r; [lra |]. apply pow_incr. lra.
  - intros H0 Hmu k.
    assert (B : beta (z k) = 0).
    { induction k as [|k IH]; [exact H0 |]. rewrite Hz, beta_step, IH. ring. }
    assert (R : res mu (z k) <= mu).
    { pose proof (a_minus_b mu (z k)) as E. rewrite B in E. pose proof (pow2_ge_0 (alpha (z k))). nra. }
    split; [exact B | split; [exact R |]]. unfold loss.
    apply Rmult_le_compat_r; [lra |].
    replace (mu ^ 2) with ((- mu) ^ 2) by ring. replace (res mu (z k) ^ 2) with ((- res mu (z k)) ^ 2) by ring.
    apply pow_incr. lra.
Qed.
