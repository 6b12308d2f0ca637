(* Run by scripts/coq after the build (not part of _CoqProject): the
   assumptions of every main theorem, checked against an allow-list. *)
From LrCert Require Import Scalar Reduction.
Print Assumptions scalar_reduction.
Print Assumptions resd_step.
