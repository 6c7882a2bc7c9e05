#pragma once

#include "api/locusttestv1.h"
#include "api/locusttestv2.h"
#include "daemon/offline/manifestreader.h"

#include <optional>
#include <variant>

namespace locust::offline {

// A manifest document that is a LocustTest, decoded in the version it was written in.
struct LocustTestManifest
{
    ManifestDocument document;
    std::variant<api::LocustTestV1, api::LocustTestV2> test;
    FieldErrorList decodeErrors; // wrong types and unknown fields

    bool isV1() const { return std::holds_alternative<api::LocustTestV1>(test); }
    // LocustTest "namespace/name", for messages.
    QString displayName() const;
    // file.yaml:12: LocustTest "demo": - the start of every message about this test.
    QString messagePrefix() const;

    // The document as a LocustTest, or std::nullopt when it is another kind of object. A document
    // that claims to be a LocustTest but cannot be one (unsupported apiVersion) sets *error, and so
    // does a document that is not an object at all.
    static std::optional<LocustTestManifest> decode(const ManifestDocument &document, QString *error);
};

} // namespace locust::offline
