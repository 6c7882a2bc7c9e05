#pragma once

#include "support/result.h"

#include <QJsonObject>

namespace locust::webhook {

// The CRD conversion webhook: an apiextensions.k8s.io/v1 ConversionReview in, the ConversionReview
// with its response out (docs/crd.md, "Conversion"). Pure: no sockets, no state.
//
// Every object of request.objects is converted, in order, to request.desiredAPIVersion
// (locust.io/v1 or locust.io/v2) with api::LocustTestConverter: v2 is the hub, and v2 -> v1 -> v2
// loses nothing (the v2-only fields travel in an annotation). An object already in the desired
// version is returned unchanged. The result is {status: Success}, or {status: Failure, message}
// naming the first object that cannot be converted and why (an unknown desiredAPIVersion, an entry
// that is not a LocustTest, or one that does not decode: converting it would silently drop the
// fields that did not decode). The API server then fails the request that needed the conversion.
//
// Only a review that has no request to answer (wrong apiVersion or kind, no request.uid) is an
// Error, which the HTTP layer answers with 400 Bad Request.
class ConversionReviewHandler
{
public:
    Result<QJsonObject> handle(const QJsonObject &review) const;
};

} // namespace locust::webhook
