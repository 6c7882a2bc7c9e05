#include "kube/resourcetype.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace locust::kube {

namespace {

// Names are DNS subdomains, but a path segment is escaped anyway, so that no name can change the
// request's path.
QString segment(const QString &text)
{
    return QString::fromUtf8(QUrl::toPercentEncoding(text));
}

} // namespace

QString ResourceType::apiVersion() const
{
    return group.isEmpty() ? version : group + u'/' + version;
}

QString ResourceType::collectionPath(const QString &namespaceName) const
{
    QString path = group.isEmpty() ? u"/api/"_s + version : u"/apis/"_s + group + u'/' + version;
    if (namespaced && !namespaceName.isEmpty())
        path += u"/namespaces/"_s + segment(namespaceName);
    return path + u'/' + resource;
}

QString ResourceType::objectPath(const ObjectKey &key, const QString &subresource) const
{
    QString path = collectionPath(key.namespaceName) + u'/' + segment(key.name);
    if (!subresource.isEmpty())
        path += u'/' + subresource;
    return path;
}

ResourceType ResourceType::pods()
{
    return {QString(), u"v1"_s, u"pods"_s, u"Pod"_s, true};
}

ResourceType ResourceType::services()
{
    return {QString(), u"v1"_s, u"services"_s, u"Service"_s, true};
}

ResourceType ResourceType::configMaps()
{
    return {QString(), u"v1"_s, u"configmaps"_s, u"ConfigMap"_s, true};
}

ResourceType ResourceType::secrets()
{
    return {QString(), u"v1"_s, u"secrets"_s, u"Secret"_s, true};
}

ResourceType ResourceType::serviceAccounts()
{
    return {QString(), u"v1"_s, u"serviceaccounts"_s, u"ServiceAccount"_s, true};
}

ResourceType ResourceType::namespaces()
{
    return {QString(), u"v1"_s, u"namespaces"_s, u"Namespace"_s, false};
}

ResourceType ResourceType::events()
{
    return {QString(), u"v1"_s, u"events"_s, u"Event"_s, true};
}

ResourceType ResourceType::jobs()
{
    return {u"batch"_s, u"v1"_s, u"jobs"_s, u"Job"_s, true};
}

ResourceType ResourceType::leases()
{
    return {u"coordination.k8s.io"_s, u"v1"_s, u"leases"_s, u"Lease"_s, true};
}

ResourceType ResourceType::customResourceDefinitions()
{
    return {u"apiextensions.k8s.io"_s, u"v1"_s, u"customresourcedefinitions"_s, u"CustomResourceDefinition"_s, false};
}

} // namespace locust::kube
