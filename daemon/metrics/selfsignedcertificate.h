#pragma once

#include "httpserver/certificatepair.h"
#include "support/result.h"

#include <QDateTime>

namespace locust::metrics {

// The metrics listener's certificate when no --metrics-cert-path is given: made in memory at start-up,
// as controller-runtime does, so that the metrics are still served over TLS. Prometheus scraping it
// has to skip verification (insecureSkipVerify), like with the reference operator.
class SelfSignedCertificate
{
public:
    // A self-signed certificate for the subject "localhost@<unix seconds>" with the SANs DNS:localhost
    // and IP:127.0.0.1, valid from an hour before now (clock skew) to a year after, with a new EC
    // P-256 key, signed with ECDSA-SHA256. Errors carry OpenSSL's reason.
    static Result<httpserver::CertificatePair> generate(const QDateTime &now = QDateTime::currentDateTimeUtc());
};

} // namespace locust::metrics
