// Smoke test of the integration-test harness itself (tests/cluster): the control plane started by the
// CTest fixture answers, serves CRDs, runs the garbage collector, and is the patched 1.20.2 build.
#include "controlplane.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using locust::testsupport::ControlPlane;
using locust::testsupport::ProcessResult;
using locust::testsupport::uniqueName;

#define VERIFY_PROCESS(result)                                                                             \
    do {                                                                                                   \
        const ProcessResult &result_ = (result);                                                           \
        QVERIFY2(result_.ok(), qPrintable(result_.describe()));                                            \
    } while (false)

class ControlPlaneTest : public QObject
{
    Q_OBJECT

private:
    ControlPlane m_plane;
    QString m_namespace;
    QStringList m_crds; // deleted in cleanupTestCase

    QString output(const ProcessResult &result) { return QString::fromUtf8(result.standardOutput).trimmed(); }

    // Polls `kubectl get` until the object is gone (NotFound).
    bool waitUntilGone(const QStringList &object, int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            const ProcessResult result = m_plane.runKubectl(QStringList{u"get"_s} + object + QStringList{
                                                                u"-n"_s, m_namespace, u"-o"_s, u"name"_s});
            if (!result.ok() && result.standardError.contains("NotFound"))
                return true;
            QThread::msleep(200);
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto plane = ControlPlane::fromEnvironment();
        QVERIFY2(plane.ok(), qPrintable(plane.errorMessage()));
        m_plane = plane.value();
        m_namespace = uniqueName(u"tst-controlplane"_s);
        VERIFY_PROCESS(m_plane.runKubectl({u"create"_s, u"namespace"_s, m_namespace}));
    }

    void cleanupTestCase()
    {
        for (const QString &crd : std::as_const(m_crds))
            m_plane.runKubectl({u"delete"_s, u"crd"_s, crd, u"--wait=false"_s});
        if (!m_namespace.isEmpty())
            m_plane.runKubectl({u"delete"_s, u"namespace"_s, m_namespace, u"--wait=false"_s});
    }

    void environmentNamesTheFiles()
    {
        QVERIFY(m_plane.apiserverUrl.startsWith(u"https://127.0.0.1:"_s));
        QVERIFY(m_plane.apiserverPort > 0);
        if (qEnvironmentVariableIsSet("LOCUST_TEST_KUBECONFIG")) // set by CTest, optional by hand
            QCOMPARE(qEnvironmentVariable("LOCUST_TEST_KUBECONFIG"), m_plane.kubeconfig);
        for (const QString &file : {m_plane.kubeconfig, m_plane.tokenKubeconfig, m_plane.caCert, m_plane.caKey,
                                    m_plane.adminCert, m_plane.adminKey, m_plane.webhookCert, m_plane.webhookKey,
                                    m_plane.serviceAccountKey, m_plane.serviceAccountPublicKey})
            QVERIFY2(QFileInfo(file).isFile(), qPrintable(file));
        QVERIFY2(!m_plane.kubectl.startsWith(u"/usr/"_s), qPrintable(m_plane.kubectl));
    }

    void apiserverIsReady()
    {
        const ProcessResult result = m_plane.runKubectl({u"get"_s, u"--raw"_s, u"/readyz"_s});
        VERIFY_PROCESS(result);
        QCOMPARE(output(result), u"ok"_s);
    }

    void serverAndClientAre1_20_2()
    {
        const ProcessResult result = m_plane.runKubectl({u"version"_s, u"-o"_s, u"json"_s});
        VERIFY_PROCESS(result);
        const QJsonObject version = QJsonDocument::fromJson(result.standardOutput).object();
        QCOMPARE(version.value(u"serverVersion"_s).toObject().value(u"gitVersion"_s).toString(), u"v1.20.2"_s);
        QCOMPARE(version.value(u"clientVersion"_s).toObject().value(u"gitVersion"_s).toString(), u"v1.20.2"_s);
    }

    void bearerTokenAuthenticates()
    {
        const ProcessResult result = m_plane.runKubectl(
            {u"--kubeconfig"_s, m_plane.tokenKubeconfig, u"auth"_s, u"can-i"_s, u"create"_s, u"namespaces"_s});
        VERIFY_PROCESS(result);
        QCOMPARE(output(result), u"yes"_s);
    }

    // Patch 1 (reflect2 1.0.2): without it, pretty-printed JSON and YAML crash the apiserver's encoder
    // and kubectl segfaults when it writes a kubeconfig.
    void prettyAndYamlOutputWork()
    {
        const ProcessResult pretty = m_plane.runKubectl(
            {u"get"_s, u"--raw"_s, u"/api/v1/namespaces/%1?pretty=true"_s.arg(m_namespace)});
        VERIFY_PROCESS(pretty);
        QVERIFY2(pretty.standardOutput.contains("\n  \"metadata\": {"), pretty.standardOutput.constData());
        const ProcessResult yaml = m_plane.runKubectl({u"get"_s, u"namespace"_s, m_namespace, u"-o"_s, u"yaml"_s});
        VERIFY_PROCESS(yaml);
        QVERIFY(yaml.standardOutput.contains("kind: Namespace"));
        const QString copy = QFileInfo(m_plane.kubeconfig).dir().filePath(uniqueName(u"kubeconfig-copy"_s));
        QVERIFY(QFile::copy(m_plane.kubeconfig, copy));
        const ProcessResult write = m_plane.runKubectl(
            {u"--kubeconfig"_s, copy, u"config"_s, u"set-context"_s, u"--current"_s, u"--namespace"_s, m_namespace});
        QFile::remove(copy);
        VERIFY_PROCESS(write);
    }

    // A CRD becomes Established and serves objects; an empty string is a string (patch 2).
    void crdBecomesEstablished()
    {
        const QString group = uniqueName(u"harness"_s) + u".locust.test"_s;
        const QString crd = u"widgets."_s + group;
        m_crds << crd;
        const QByteArray manifest = uR"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: %1
spec:
  group: %2
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              image: {type: string, default: ""}
              replicas: {type: integer, minimum: 1}
)"_s.arg(crd, group).toUtf8();
        VERIFY_PROCESS(m_plane.runKubectl({u"apply"_s, u"-f"_s, u"-"_s}, manifest));
        VERIFY_PROCESS(m_plane.runKubectl(
            {u"wait"_s, u"--for=condition=Established"_s, u"crd/"_s + crd, u"--timeout=60s"_s}));

        const QByteArray widget = uR"(apiVersion: %1/v1
kind: Widget
metadata: {name: w1, namespace: %2}
spec: {image: "", replicas: 2}
)"_s.arg(group, m_namespace).toUtf8();
        // Discovery of the new group may lag a moment behind Established.
        ProcessResult created;
        QDeadlineTimer deadline(30'000);
        do {
            created = m_plane.runKubectl({u"create"_s, u"-f"_s, u"-"_s}, widget);
            if (created.ok())
                break;
            QThread::msleep(300);
        } while (!deadline.hasExpired());
        VERIFY_PROCESS(created);
        const ProcessResult got = m_plane.runKubectl(
            {u"get"_s, u"widgets."_s + group, u"w1"_s, u"-n"_s, m_namespace, u"-o"_s, u"json"_s});
        VERIFY_PROCESS(got);
        const QJsonObject spec = QJsonDocument::fromJson(got.standardOutput).object().value(u"spec"_s).toObject();
        QCOMPARE(spec.value(u"replicas"_s).toInt(), 2);
        QVERIFY(spec.value(u"image"_s).isString());
        QCOMPARE(spec.value(u"image"_s).toString(), QString());
    }

    // kube-controller-manager runs: the garbage collector deletes a ConfigMap whose owner was deleted.
    void garbageCollectorDeletesOrphans()
    {
        VERIFY_PROCESS(m_plane.runKubectl({u"create"_s, u"configmap"_s, u"owner"_s, u"-n"_s, m_namespace}));
        const ProcessResult uid = m_plane.runKubectl(
            {u"get"_s, u"configmap"_s, u"owner"_s, u"-n"_s, m_namespace, u"-o"_s, u"jsonpath={.metadata.uid}"_s});
        VERIFY_PROCESS(uid);
        QVERIFY(!output(uid).isEmpty());
        const QByteArray owned = uR"({"apiVersion": "v1", "kind": "ConfigMap",
 "metadata": {"name": "owned", "namespace": "%1",
  "ownerReferences": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": "%2"}]},
 "data": {"k": "v"}})"_s.arg(m_namespace, output(uid)).toUtf8();
        VERIFY_PROCESS(m_plane.runKubectl({u"create"_s, u"-f"_s, u"-"_s}, owned));
        // Still there while the owner exists.
        QThread::msleep(500);
        VERIFY_PROCESS(m_plane.runKubectl({u"get"_s, u"configmap"_s, u"owned"_s, u"-n"_s, m_namespace}));

        VERIFY_PROCESS(m_plane.runKubectl(
            {u"delete"_s, u"configmap"_s, u"owner"_s, u"-n"_s, m_namespace, u"--cascade=background"_s}));
        QVERIFY2(waitUntilGone({u"configmap"_s, u"owned"_s}, 60'000),
                 "the garbage collector did not delete the ConfigMap whose owner is gone");
    }
};

QTEST_GUILESS_MAIN(ControlPlaneTest)
#include "tst_controlplane.moc"
