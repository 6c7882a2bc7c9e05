#pragma once

#include "api/locusttestv2.h"

#include <QByteArray>

namespace locust::testsupport {

// A v2 LocustTest from inline YAML, with the CRD defaults applied as the API server stores it.
// Only the spec needs to be written: "spec:\n  image: x\n ..." is completed with apiVersion, kind
// and metadata {name: <name>, namespace: load, uid: uid-1} when they are missing. Fails the running
// test when the YAML does not decode cleanly.
api::LocustTestV2 storedTest(const QByteArray &yaml, const QString &name = QStringLiteral("demo"));

// The spec part of storedTest().
api::LocustTestSpecV2 storedSpec(const QByteArray &yaml);

} // namespace locust::testsupport
