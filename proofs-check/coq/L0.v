(* The initial sharpness L0 of the scalar family: docs/math.md section 2
   ("Initial sharpness L0"), docs/checker.md Lemma 2, proofs-check/check.cpp
   scalar_L0. *)
Require Import Reals Lra.
Require Import LrCert.Scalar LrCert.Reduction LrCert.Ball.
Open Scope R_scope.

(* The Hessian quadratic form of f = (mu - x y)^2 / 2 at z = (x, y) in the
   direction (a, b): y^2 a^2 + 2 (2xy - mu) a b + x^2 b^2, i.e. the matrix
   [[y^2, 2xy - mu], [2xy - mu, x^2]]. *)
Definition hess_form (mu : R) (z v : R * R) : R :=
  snd z ^ 2 * fst v ^ 2 + 2 * hq mu z * fst v * snd v + fst z ^ 2 * snd v ^ 2.

(* It is the Hessian: the exact Taylor expansion of f along every line. *)
Lemma hessian_expansion mu (z v : R * R) (t : R) :
  loss mu (fst z + t * fst v, snd z + t * snd v) =
  loss mu z + t * (- res mu z * (snd z * fst v + fst z * snd v)) + t ^ 2 / 2 * hess_form mu z v
  + t ^ 3 * ((snd z * fst v + fst z * snd v) * fst v * snd v) + t ^ 4 * (fst v ^ 2 * snd v ^ 2 / 2).
Proof. unfold loss, res, hess_form, hq; simpl; field. Qed.

(* The discriminant the checker evaluates exactly in rationals:
   (x^2 - y^2)^2 + 4 (2xy - mu)^2 = S^2 - 8 r mu + 12 r^2. *)
Lemma L0_discriminant mu z :
  (fst z ^ 2 - snd z ^ 2) ^ 2 + 4 * hq mu z ^ 2 = sq z ^ 2 - 8 * res mu z * mu + 12 * res mu z ^ 2.
Proof. unfold hq, sq, res; ring. Qed.

(* Trace S and determinant 2 mu r - 3 r^2 of the Hessian. *)
Lemma hessian_det mu z : snd z ^ 2 * fst z ^ 2 - hq mu z ^ 2 = 2 * mu * res mu z - 3 * res mu z ^ 2.
Proof. unfold hq, res; ring. Qed.

Definition L0_d1 (mu : R) (z : R * R) : R :=
  (sq z + sqrt (sq z ^ 2 - 8 * res mu z * mu + 12 * res mu z ^ 2)) / 2.

(* Theorem (L0 for d = 1): lambda_+ = (S + sqrt(S^2 - 8 r mu + 12 r^2)) / 2 is the
   largest eigenvalue of the Hessian: it bounds the Rayleigh quotient and is
   attained by an eigenvector. *)
Theorem L0_closed_form mu (z : R * R) :
  L0_d1 mu z = lam_plus mu z /\
  (forall v, hess_form mu z v <= L0_d1 mu z * (fst v ^ 2 + snd v ^ 2)) /\
  (exists v, nrm v = 1 /\ mv (snd z ^ 2) (hq mu z) (fst z ^ 2) v = (L0_d1 mu z * fst v, L0_d1 mu z * snd v)).
Proof.
  assert (E : L0_d1 mu z = lam_plus mu z) by (unfold L0_d1, lam_plus; rewrite L0_discriminant; reflexivity).
  rewrite E, lam_plus_eig.
  set (p := snd z ^ 2). set (q := hq mu z). set (s := fst z ^ 2). set (l := eig_plus p q s).
  assert (Hroot : l ^ 2 - (p + s) * l + (p * s - q ^ 2) = 0).
  { pose proof (eig_sum p q s) as Es. pose proof (eig_prod p q s) as Ep. fold l in Es, Ep.
    rewrite <- Ep. replace (p + s) with (eig_minus p q s + l) by lra. ring. }
  split; [reflexivity | split].
  - intro v. unfold hess_form. fold p q s.
    assert (Htr : 0 <= (l - p) + (l - s)).
    { unfold l, eig_plus. pose proof (sqrt_pos ((p - s) ^ 2 + 4 * q ^ 2)).
      replace ((p + s + sqrt ((p - s) ^ 2 + 4 * q ^ 2)) / 2 - p + ((p + s + sqrt ((p - s) ^ 2 + 4 * q ^ 2)) / 2 - s))
        with (sqrt ((p - s) ^ 2 + 4 * q ^ 2)) by field. lra. }
    assert (Hdet : (- q) ^ 2 <= (l - p) * (l - s)).
    { replace ((l - p) * (l - s)) with (l ^ 2 - (p + s) * l + p * s) by ring. nra. }
    pose proof (psd2 (l - p) (- q) (l - s) (fst v) (snd v) Htr Hdet) as P.
    match type of P with 0 <= ?Q =>
      replace Q with (l * (fst v ^ 2 + snd v ^ 2) - (p * fst v ^ 2 + 2 * q * fst v * snd v + s * snd v ^ 2)) in P by ring end.
    lra.
  - apply sym2_eigvec. exact Hroot.
Qed.

(* d >= 2: directions (a w, b w) with w orthogonal to x and y. The Hessian
   form of f = (mu - x.y)^2 / 2 in R^d in the direction (U, V) is
   (U.y + x.V)^2 - 2 r U.V (docs/math.md section 1); its exact expansion: *)
Definition hess_form_d (d : nat) (mu : R) (x y U V : nat -> R) : R :=
  (dot d U y + dot d x V) ^ 2 - 2 * resd d mu x y * dot d U V.

Lemma hessian_expansion_d d mu (x y U V : nat -> R) (t : R) :
  (resd d mu (vadd x (vscal t U)) (vadd y (vscal t V))) ^ 2 / 2 =
  resd d mu x y ^ 2 / 2 + t * (- resd d mu x y * (dot d U y + dot d x V)) + t ^ 2 / 2 * hess_form_d d mu x y U V
  + t ^ 3 * ((dot d U y + dot d x V) * dot d U V) + t ^ 4 * (dot d U V ^ 2 / 2).
Proof.
  unfold hess_form_d, resd.
  rewrite !dot_add_l, !dot_add_r, !dot_scal_l, !dot_scal_r, (dot_sym d x V). field.
Qed.

(* On those directions the form is -2 r a b |w|^2: the Rayleigh quotients of
   (w, -w) and (w, w) are r and -r, so lambda_max >= |r| (d >= 2 makes such a
   w != 0 exist). *)
Theorem hessian_pm_r d mu (x y w : nat -> R) (a b : R) :
  dot d w x = 0 -> dot d w y = 0 ->
  hess_form_d d mu x y (vscal a w) (vscal b w) = - 2 * resd d mu x y * a * b * dot d w w /\
  hess_form_d d mu x y w (vscal (-1) w) = resd d mu x y * (dot d w w + dot d (vscal (-1) w) (vscal (-1) w)) /\
  hess_form_d d mu x y w w = - resd d mu x y * (dot d w w + dot d w w).
Proof.
  intros Hx Hy. unfold hess_form_d.
  rewrite !dot_scal_l, !dot_scal_r, (dot_sym d x w), Hx, Hy.
  repeat split; ring.
Qed.
