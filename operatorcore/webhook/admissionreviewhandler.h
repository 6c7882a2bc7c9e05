#pragma once

#include "api/locusttestvalidator.h"
#include "support/result.h"

#include <QJsonObject>

namespace locust::config {
struct OperatorConfig;
}

namespace locust::webhook {

// The validating admission webhook for LocustTests: an admission.k8s.io/v1 AdmissionReview in, the
// AdmissionReview with its response out (docs/crd.md, "Admission"). Pure: no sockets, no state.
//
//  - CREATE and UPDATE validate request.object (an UPDATE only the new object; nothing is
//    immutable) with api::LocustTestValidator after api::LocustTestDefaults, which the API server
//    has normally applied already. Unlike the reference, every error is reported, one per line of
//    the denial message (status code 403, reason Forbidden, as controller-runtime denies), and the
//    validator's warnings come back as admission warnings (kubectl prints "Warning: ...").
//  - An UPDATE of an object that is being deleted (metadata.deletionTimestamp set) is allowed:
//    otherwise an object that became invalid (created while the webhook was off, or before a rule
//    existed) could never lose its finalizer.
//  - DELETE, CONNECT and any other operation are allowed.
//  - Objects arrive as locust.io/v2 (the API server converts under matchPolicy Equivalent); a
//    locust.io/v1 object is validated as v1, with v1 field paths.
//  - An object that does not decode (wrong types, not a LocustTest) is denied with the reason; only
//    a review that has no request to answer (wrong apiVersion or kind, no request.uid, no
//    request.operation) is an Error, which the HTTP layer answers with 400 Bad Request.
class AdmissionReviewHandler
{
public:
    explicit AdmissionReviewHandler(api::ValidationOptions options = {});
    // The validation options of the operator's configuration (affinity and toleration injection).
    explicit AdmissionReviewHandler(const config::OperatorConfig &config);

    Result<QJsonObject> handle(const QJsonObject &review) const;

private:
    QJsonObject response(const QJsonObject &request) const;

    api::LocustTestValidator m_validator;
};

} // namespace locust::webhook
