// The family-only data of a certify run: the tail lemma's parameters (Lemma S
// or Lemma D for the scalar family, Lemma G for the matrix family;
// docs/math.md, sections 4, 5 and 7.4), visited in one place per family. The
// report's "tail_certificate" object (docs/formats.md, "Report") and the
// certificate's lemma entries for lrcert-check (docs/checker.md,
// "Certificate format") are both written from here.
#pragma once

#include "lrcert/certify/matrix_certifier.hpp"
#include "lrcert/certify/scalar_certifier.hpp"

#include <nlohmann/json.hpp>

namespace lrcert {

struct TailCertificateJson {
    // The report's "tail_certificate" (decimal one-sided bounds); null when
    // no tail lemma was proven.
    nlohmann::json report;
    // The lemma entries of the certificate's family object ("lemma_S",
    // "lemma_S_refined", "lemma_D"; "lemma_G", "lemma_G_refined"), with exact
    // parameters; an empty object when no tail lemma was proven.
    nlohmann::json checker = nlohmann::json::object();
};

// Needs a PrecisionScope (decimal output).
TailCertificateJson tail_certificate_json(const ScalarCertificate& cert);
TailCertificateJson tail_certificate_json(const MatrixCertificate& cert);

// The report's "isotropic" object of a matrix run routed to the isotropic
// family (A = mu I, d = 1; docs/formats.md): mu, the exact minimum loss
// f* = (n - 1) mu^2 / 2 and, when converged, the Gram limit (a_inf, b_inf, c_inf = mu).
nlohmann::json isotropic_json(const IsotropicCertificate& cert, int digits);

}  // namespace lrcert
