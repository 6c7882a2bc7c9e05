#pragma once

#include <QString>

namespace locust::kube {

// Which object of a resource type: namespace (empty for cluster-scoped objects) and name.
struct ObjectKey
{
    QString namespaceName;
    QString name;

    QString toString() const { return namespaceName.isEmpty() ? name : namespaceName + u'/' + name; }
    bool operator==(const ObjectKey &) const = default;
};

// A Kubernetes resource type as the REST API addresses it: group, version, plural resource name,
// kind, and whether objects live in namespaces. Paths are built here and nowhere else.
struct ResourceType
{
    QString group;    // "" for the core group
    QString version;  // "v1"
    QString resource; // plural, lower case: "pods"
    QString kind;     // "Pod"
    bool namespaced = true;

    QString apiVersion() const; // "v1" or "batch/v1"

    // /api/v1/namespaces/<ns>/pods, or /api/v1/pods for all namespaces and cluster-scoped types.
    QString collectionPath(const QString &namespaceName = QString()) const;
    // The path of one object, optionally of a subresource ("status").
    QString objectPath(const ObjectKey &key, const QString &subresource = QString()) const;

    bool operator==(const ResourceType &) const = default;

    static ResourceType pods();
    static ResourceType services();
    static ResourceType configMaps();
    static ResourceType secrets();
    static ResourceType serviceAccounts();
    static ResourceType namespaces();
    static ResourceType events();
    static ResourceType jobs();
    static ResourceType leases();
    static ResourceType customResourceDefinitions();
};

} // namespace locust::kube
