#pragma once

#include "api/locusttestv2.h"

#include <QJsonObject>

namespace locust::resources {

// The metadata of an object the operator creates for a LocustTest: name, the test's namespace, and
// a controller owner reference to the test, so Kubernetes garbage-collects the object with the test.
// Labels and annotations go on pod templates only, as in the reference. The owner reference needs
// the test's uid; an object read from a file may have none, and then gets no owner reference.
QJsonObject ownedObjectMetadata(const api::LocustTestV2 &test, const QString &name);

} // namespace locust::resources
