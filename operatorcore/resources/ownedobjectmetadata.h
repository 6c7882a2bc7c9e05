#pragma once

#include "api/locusttestv2.h"

#include <QJsonObject>

namespace locust::resources {

// The metadata of an object the operator creates for a LocustTest: name, the test's namespace, and
// a controller owner reference to the test, so Kubernetes garbage-collects the object with the test.
// The owner reference needs the test's uid; an object read from a file may have none, and then gets
// no owner reference.
//
// Unlike the reference (no labels on the Service and Jobs), the objects carry the labels managed-by
// and performance-test-name, so the operator watches only its own Jobs and Services (a label
// selector) instead of caching every Job and Service in the cluster. User labels and annotations
// still go on pod templates only.
QJsonObject ownedObjectMetadata(const api::LocustTestV2 &test, const QString &name);

} // namespace locust::resources
