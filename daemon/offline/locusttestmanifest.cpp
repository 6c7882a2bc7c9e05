#include "daemon/offline/locusttestmanifest.h"

#include "api/naming.h"
#include "api/objectmetadata.h"
#include "support/goquote.h"

using namespace Qt::StringLiterals;

namespace locust::offline {

namespace naming = api::naming;

QString LocustTestManifest::displayName() const
{
    const QJsonObject metadata = std::visit([](const auto &test) { return test.metadata; }, test);
    QString name = api::objectmetadata::name(metadata);
    if (name.isEmpty())
        name = api::objectmetadata::generateName(metadata) + u"*"_s;
    const QString namespaceName = api::objectmetadata::namespaceName(metadata);
    return u"LocustTest "_s + goQuote(namespaceName.isEmpty() ? name : namespaceName + u'/' + name);
}

QString LocustTestManifest::messagePrefix() const
{
    return document.location() + u": "_s + displayName() + u": "_s;
}

std::optional<LocustTestManifest> LocustTestManifest::decode(const ManifestDocument &document, QString *error)
{
    if (!document.value.isObject()) {
        *error = document.location() + u": the document is not a Kubernetes object"_s;
        return std::nullopt;
    }
    const QJsonObject object = document.value.toObject();
    const QString apiVersion = object.value(u"apiVersion").toString();
    if (object.value(u"kind").toString() != naming::kind || !apiVersion.startsWith(naming::group.toString() + u'/'))
        return std::nullopt;

    if (apiVersion == naming::apiVersionV2) {
        api::Decoded<api::LocustTestV2> decoded = api::LocustTestV2::fromJson(object);
        return LocustTestManifest{document, std::move(decoded.value), std::move(decoded.errors)};
    }
    if (apiVersion == naming::apiVersionV1) {
        api::Decoded<api::LocustTestV1> decoded = api::LocustTestV1::fromJson(object);
        return LocustTestManifest{document, std::move(decoded.value), std::move(decoded.errors)};
    }
    *error = document.location() + u": LocustTest apiVersion "_s + goQuote(apiVersion)
        + u" is not supported (supported: locust.io/v1, locust.io/v2)"_s;
    return std::nullopt;
}

} // namespace locust::offline
