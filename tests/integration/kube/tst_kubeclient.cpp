// KubeClient against the real API server: requests, typed errors, pagination, subresources,
// optimistic concurrency, deletion, warnings.

#include "awaittask.h"
#include "kube/conflictretry.h"
#include "kube/kubeclient.h"
#include "kubetestcluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;
using testsupport::await;
using testsupport::configMap;

class KubeClientTest : public QObject
{
    Q_OBJECT

private:
    testsupport::KubeTestCluster m_cluster = testsupport::KubeTestCluster::connect();
    std::unique_ptr<KubeClient> m_client;
    QString m_namespace;

    ObjectKey key(const QString &name) const { return ObjectKey{m_namespace, name}; }

private Q_SLOTS:
    void initTestCase()
    {
        m_client = m_cluster.adminClient();
        m_namespace = m_cluster.createNamespace(*m_client, u"kubeclient"_s);
    }

    void cleanupTestCase() { m_cluster.deleteNamespace(*m_client, m_namespace); }

    void createGetUpdateDelete()
    {
        const auto created = await(m_client->create(ResourceType::configMaps(),
                                                    configMap(m_namespace, u"crud"_s, {{u"a"_s, u"1"_s}})));
        QVERIFY2(created, qPrintable(created.errorMessage()));
        QVERIFY(!created->value(u"metadata")[u"uid"].toString().isEmpty());

        auto fetched = await(m_client->get(ResourceType::configMaps(), key(u"crud"_s)));
        QVERIFY2(fetched, qPrintable(fetched.errorMessage()));
        QCOMPARE(fetched->value(u"data")[u"a"].toString(), u"1"_s);

        QJsonObject changed = *fetched;
        changed[u"data"_s] = QJsonObject{{u"a"_s, u"2"_s}};
        const auto updated = await(m_client->update(ResourceType::configMaps(), changed));
        QVERIFY2(updated, qPrintable(updated.errorMessage()));
        QCOMPARE(updated->value(u"data")[u"a"].toString(), u"2"_s);

        const auto deleted = await(m_client->remove(ResourceType::configMaps(), key(u"crud"_s)));
        QVERIFY2(deleted, qPrintable(deleted.errorMessage()));
        const auto gone = await(m_client->get(ResourceType::configMaps(), key(u"crud"_s)));
        QVERIFY(!gone);
        QVERIFY(gone.error().isNotFound());
    }

    void patchKinds()
    {
        QVERIFY(await(m_client->create(ResourceType::configMaps(),
                                       configMap(m_namespace, u"patched"_s, {{u"a"_s, u"1"_s}, {u"b"_s, u"2"_s}}))));
        const auto merge = await(m_client->patch(ResourceType::configMaps(), key(u"patched"_s), PatchType::Merge,
                                                 R"j({"data":{"a":"10","b":null}})j"));
        QVERIFY2(merge, qPrintable(merge.errorMessage()));
        QCOMPARE(merge->value(u"data").toObject(), (QJsonObject{{u"a"_s, u"10"_s}}));

        const auto json = await(m_client->patch(ResourceType::configMaps(), key(u"patched"_s), PatchType::Json,
                                                R"j([{"op":"add","path":"/data/c","value":"3"}])j"));
        QVERIFY2(json, qPrintable(json.errorMessage()));
        QCOMPARE(json->value(u"data")[u"c"].toString(), u"3"_s);

        const auto strategic = await(m_client->patch(ResourceType::configMaps(), key(u"patched"_s),
                                                     PatchType::Strategic, R"j({"data":{"d":"4"}})j"));
        QVERIFY2(strategic, qPrintable(strategic.errorMessage()));
        QCOMPARE(strategic->value(u"data").toObject().size(), 3);
    }

    void serverSideApply()
    {
        WriteOptions options;
        options.fieldManager = u"locust-test"_s;
        const auto first = await(m_client->apply(ResourceType::configMaps(),
                                                 configMap(m_namespace, u"applied"_s, {{u"owned"_s, u"1"_s}}), options));
        QVERIFY2(first, qPrintable(first.errorMessage()));
        const QJsonArray managedFields = first->value(u"metadata")[u"managedFields"].toArray();
        QVERIFY(!managedFields.isEmpty());
        QCOMPARE(managedFields.first()[u"manager"].toString(), u"locust-test"_s);
        QCOMPARE(managedFields.first()[u"operation"].toString(), u"Apply"_s);

        // Another manager claiming the same field conflicts unless it forces.
        WriteOptions other;
        other.fieldManager = u"someone-else"_s;
        const auto conflicting = await(m_client->apply(ResourceType::configMaps(),
                                                       configMap(m_namespace, u"applied"_s, {{u"owned"_s, u"2"_s}}), other));
        QVERIFY(!conflicting);
        QVERIFY2(conflicting.error().isConflict(), qPrintable(conflicting.errorMessage()));
        other.force = true;
        const auto forced = await(m_client->apply(ResourceType::configMaps(),
                                                  configMap(m_namespace, u"applied"_s, {{u"owned"_s, u"2"_s}}), other));
        QVERIFY2(forced, qPrintable(forced.errorMessage()));
        QCOMPARE(forced->value(u"data")[u"owned"].toString(), u"2"_s);
    }

    void dryRunStoresNothing()
    {
        WriteOptions options;
        options.dryRun = true;
        const auto created = await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"dry"_s), options));
        QVERIFY2(created, qPrintable(created.errorMessage()));
        QCOMPARE(created->value(u"metadata")[u"name"].toString(), u"dry"_s);
        QVERIFY(testsupport::isNotFound(await(m_client->get(ResourceType::configMaps(), key(u"dry"_s)))));
    }

    void typedErrors()
    {
        QVERIFY(await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"exists"_s))));
        const auto duplicate = await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"exists"_s)));
        QVERIFY(duplicate.error().isAlreadyExists());
        QCOMPARE(duplicate.error().httpStatus(), 409);

        const auto invalid = await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"Not_Valid"_s)));
        QVERIFY(invalid.error().isInvalid());
        QCOMPARE(invalid.error().causes().first().field, u"metadata.name"_s);

        // A stale resourceVersion is a conflict.
        auto current = await(m_client->get(ResourceType::configMaps(), key(u"exists"_s)));
        QJsonObject stale = *current;
        QJsonObject metadata = stale[u"metadata"_s].toObject();
        metadata[u"resourceVersion"_s] = u"1"_s;
        stale[u"metadata"_s] = metadata;
        const auto conflict = await(m_client->update(ResourceType::configMaps(), stale));
        QVERIFY2(conflict.error().isConflict(), qPrintable(conflict.errorMessage()));

        // Impersonating a user without permissions: Forbidden.
        ClientConfig nobody = m_cluster.adminConfig();
        nobody.impersonateUser = u"nobody"_s;
        KubeClient forbiddenClient(nobody);
        const auto forbidden = await(forbiddenClient.get(ResourceType::configMaps(), key(u"exists"_s)));
        QVERIFY2(forbidden.error().isForbidden(), qPrintable(forbidden.errorMessage()));
        QVERIFY(forbidden.error().message().contains(u"\"nobody\""_s));
    }

    // More objects than one page: listAll follows `continue` until the end.
    void paginationOverManyPages()
    {
        for (int i = 0; i < 25; ++i) {
            QVERIFY(await(m_client->create(ResourceType::configMaps(),
                                           configMap(m_namespace, u"page-%1"_s.arg(i), {}, {{u"set"_s, u"paged"_s}}))));
        }
        ListOptions options;
        options.labelSelector = u"set=paged"_s;
        options.limit = 10;
        const auto first = await(m_client->list(ResourceType::configMaps(), m_namespace, options));
        QVERIFY2(first, qPrintable(first.errorMessage()));
        QCOMPARE(first->items.size(), 10);
        QVERIFY(!first->continueToken.isEmpty());
        QCOMPARE(first->items.first()[u"kind"].toString(), u"ConfigMap"_s); // filled in for list items

        const qint64 requestsBefore = m_client->requestCount();
        const auto all = await(m_client->listAll(ResourceType::configMaps(), m_namespace, options));
        QVERIFY2(all, qPrintable(all.errorMessage()));
        QCOMPARE(all->items.size(), 25);
        QCOMPARE(m_client->requestCount() - requestsBefore, 3); // 10 + 10 + 5
        QVERIFY(!all->resourceVersion.isEmpty());

        options = ListOptions{};
        options.fieldSelector = u"metadata.name=page-7"_s;
        const auto one = await(m_client->list(ResourceType::configMaps(), m_namespace, options));
        QCOMPARE(one->items.size(), 1);
    }

    void statusSubresourceOfACustomResource()
    {
        const QString group = testsupport::uniqueName(u"status"_s) + u".example.com"_s;
        const QJsonObject crd = QJsonDocument::fromJson(QStringLiteral(R"j({
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "widgets.%1"},
            "spec": {"group": "%1", "scope": "Namespaced",
                     "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
                     "versions": [{"name": "v1", "served": true, "storage": true, "subresources": {"status": {}},
                        "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                            "spec": {"type": "object", "properties": {"size": {"type": "integer"}}},
                            "status": {"type": "object", "properties": {"phase": {"type": "string"}}}}}}}]}})j")
                                                                .arg(group)
                                                                .toUtf8())
                                  .object();
        QVERIFY(await(m_client->create(ResourceType::customResourceDefinitions(), crd)));
        const ResourceType widgets{group, u"v1"_s, u"widgets"_s, u"Widget"_s, true};
        const QJsonObject widget{{u"apiVersion"_s, widgets.apiVersion()},
                                 {u"kind"_s, u"Widget"_s},
                                 {u"metadata"_s, QJsonObject{{u"name"_s, u"w"_s}, {u"namespace"_s, m_namespace}}},
                                 {u"spec"_s, QJsonObject{{u"size"_s, 3}}}};
        // The CRD needs a moment to be served.
        ApiResult<QJsonObject> created = ApiError::transport(u"not tried"_s);
        QElapsedTimer waited;
        waited.start();
        while (!(created = await(m_client->create(widgets, widget))) && waited.elapsed() < 10000)
            QTest::qWait(200);
        QVERIFY2(created, qPrintable(created.errorMessage()));

        QJsonObject withStatus = *created;
        withStatus[u"status"_s] = QJsonObject{{u"phase"_s, u"Running"_s}};
        const auto statusWritten = await(m_client->updateStatus(widgets, withStatus));
        QVERIFY2(statusWritten, qPrintable(statusWritten.errorMessage()));
        QCOMPARE(statusWritten->value(u"status")[u"phase"].toString(), u"Running"_s);
        // Status writes do not bump the generation; writes to the main resource ignore status.
        QCOMPARE(statusWritten->value(u"metadata")[u"generation"].toInt(), 1);
        QJsonObject mainWrite = *statusWritten;
        mainWrite[u"status"_s] = QJsonObject{{u"phase"_s, u"Failed"_s}};
        const auto ignored = await(m_client->update(widgets, mainWrite));
        QCOMPARE(ignored->value(u"status")[u"phase"].toString(), u"Running"_s);

        const auto patched = await(m_client->patch(widgets, key(u"w"_s), PatchType::Merge,
                                                   R"j({"status":{"phase":"Succeeded"}})j", {}, u"status"_s));
        QCOMPARE(patched->value(u"status")[u"phase"].toString(), u"Succeeded"_s);
        QVERIFY(await(m_client->remove(ResourceType::customResourceDefinitions(), ObjectKey{QString(), u"widgets."_s + group})));
    }

    // Deletion with propagation, carried out by the real garbage collector.
    void deletePropagation_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::newRow("background") << u"Background"_s;
        QTest::newRow("foreground") << u"Foreground"_s;
        QTest::newRow("orphan") << u"Orphan"_s;
    }
    void deletePropagation()
    {
        QFETCH(QString, policy);
        const QString owner = u"owner-"_s + policy.toLower();
        const auto created = await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, owner)));
        QVERIFY(created);
        QJsonObject dependent = configMap(m_namespace, owner + u"-child"_s);
        QJsonObject metadata = dependent[u"metadata"_s].toObject();
        metadata[u"ownerReferences"_s] = QJsonArray{QJsonObject{
            {u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s}, {u"name"_s, owner},
            {u"uid"_s, created->value(u"metadata")[u"uid"].toString()}, {u"controller"_s, true},
            {u"blockOwnerDeletion"_s, true}}};
        dependent[u"metadata"_s] = metadata;
        QVERIFY(await(m_client->create(ResourceType::configMaps(), dependent)));

        DeleteOptions options;
        options.propagationPolicy = policy;
        QVERIFY(await(m_client->remove(ResourceType::configMaps(), key(owner), options)));
        QTRY_VERIFY_WITH_TIMEOUT(testsupport::isNotFound(await(m_client->get(ResourceType::configMaps(), key(owner)))), 20000);
        const auto child = [&] { return await(m_client->get(ResourceType::configMaps(), key(owner + u"-child"_s))); };
        if (policy == u"Orphan") {
            QTest::qWait(1000);
            const auto orphan = child();
            QVERIFY(orphan);
            QVERIFY(!orphan->value(u"metadata").toObject().contains(u"ownerReferences"_s));
        } else {
            QTRY_VERIFY_WITH_TIMEOUT(testsupport::isNotFound(child()), 20000);
        }
    }

    void deletePreconditions()
    {
        QVERIFY(await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"guarded"_s))));
        DeleteOptions options;
        options.preconditionUid = u"00000000-0000-0000-0000-000000000000"_s;
        const auto refused = await(m_client->remove(ResourceType::configMaps(), key(u"guarded"_s), options));
        QVERIFY2(refused.error().isConflict(), qPrintable(refused.errorMessage()));
    }

    // 409 Conflict is retried with a fresh read: a write that races another writer still lands.
    void conflictIsRetriedWithARefetch()
    {
        QVERIFY(await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"raced"_s, {{u"n"_s, u"0"_s}}))));
        int attempts = 0;
        const auto result = await(updateWithRetry(m_client.get(), ResourceType::configMaps(), key(u"raced"_s),
                                                  [&](QJsonObject &object) {
                                                      ++attempts;
                                                      if (attempts == 1) {
                                                          // Another process writes between our read and our write.
                                                          const auto other = m_cluster.controlPlane().runKubectl(
                                                              {u"-n"_s, m_namespace, u"patch"_s, u"configmap"_s,
                                                               u"raced"_s, u"--type=merge"_s,
                                                               u"-p"_s, u"{\"data\":{\"other\":\"x\"}}"_s});
                                                          if (!other.ok())
                                                              qWarning() << other.describe();
                                                      }
                                                      QJsonObject data = object[u"data"_s].toObject();
                                                      data[u"n"_s] = u"1"_s;
                                                      object[u"data"_s] = data;
                                                      return Mutation::Write;
                                                  }));
        QVERIFY2(result, qPrintable(result.errorMessage()));
        QCOMPARE(attempts, 2);
        // Both writes are there: ours was applied to the other writer's version.
        QCOMPARE(result->value(u"data").toObject(), (QJsonObject{{u"n"_s, u"1"_s}, {u"other"_s, u"x"_s}}));
    }

    void warningHeadersAreReported()
    {
        QSignalSpy warnings(m_client.get(), &KubeClient::warningReceived);
        const auto answer = await(m_client->request(
            "GET", u"/apis/networking.k8s.io/v1beta1/namespaces/%1/ingresses"_s.arg(m_namespace)));
        QVERIFY2(answer, qPrintable(answer.errorMessage()));
        QCOMPARE(warnings.count(), 1);
        QVERIFY2(warnings.first().first().toString().contains(u"networking.k8s.io/v1beta1 Ingress is deprecated"_s),
                 qPrintable(warnings.first().first().toString()));
    }

    void clientSideThrottling()
    {
        ClientConfig config = m_cluster.adminConfig();
        config.qps = 5;
        config.burst = 2;
        KubeClient throttled(config);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 6; ++i)
            QVERIFY(await(throttled.get(ResourceType::namespaces(), ObjectKey{QString(), m_namespace})));
        // Two requests from the burst, then four at 5 per second: at least 0.8 s.
        QVERIFY2(timer.elapsed() >= 750, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(KubeClientTest)
#include "tst_kubeclient.moc"
