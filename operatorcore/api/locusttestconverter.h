#pragma once

#include "api/locusttestv1.h"
#include "api/locusttestv2.h"

namespace locust::api {

// Conversion between locust.io/v1 and locust.io/v2 (the hub and storage version).
//
// The field mapping is the reference operator's (docs/api.md, "Conversion"). Where the reference
// loses data, we do not: toV1() stores every v2 field that v1 cannot represent, and the status, in
// the annotation naming::conversionDataAnnotation, the way Kubernetes' own API versions preserve
// fields across versions. toV2() restores them, group by group: a v1 field whose value still equals
// what toV1() produced keeps the richer stored v2 value; a v1 field the user changed replaces it.
// So v2 -> v1 -> v2 is lossless, and an edit made through v1 still takes effect.
//
// Conversion never fails: a missing, malformed or unreadable annotation is ignored.
class LocustTestConverter
{
public:
    static LocustTestV2 toV2(const LocustTestV1 &test);
    static LocustTestV1 toV1(const LocustTestV2 &test);

    // The plain field mappings, without preservation.
    static LocustTestSpecV2 specToV2(const LocustTestSpecV1 &spec);
    static LocustTestSpecV1 specToV1(const LocustTestSpecV2 &spec);

    // The v1 field path of a v2 field path ("spec.master.command" -> "spec.masterCommandSeed"), so
    // that problems found on the converted object can be reported where the user wrote them.
    static QString v1FieldPath(const QString &v2Path);
};

} // namespace locust::api
