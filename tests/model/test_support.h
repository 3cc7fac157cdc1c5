#pragma once
// Helpers shared by the model tests.

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QString>
#include <QTest>

#include <cstdio>
#include <functional>
#include <string>

#include "controller/status_output.h"
#include "controller/translator.h"
#include "topology.h"
#include "yaml/yaml_writer.h"

namespace gs::test {

inline std::string readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = f.readAll();
    return std::string(bytes.constData(), std::size_t(bytes.size()));
}

// ../shared/gateway-api, or an empty string (and a visible skip) when it is absent.
inline QString sharedGatewayApiDir()
{
    const QString dir = QStringLiteral(GWS_SHARED_DIR "/gateway-api");
    return QDir(dir).exists() ? QDir(dir).absolutePath() : QString();
}

// Every *.yaml below `dir`, sorted.
inline QStringList yamlFilesUnder(const QString& dir)
{
    QDirIterator it(dir, {"*.yaml"}, QDir::Files, QDirIterator::Subdirectories);
    QStringList files;
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files;
}

inline model::Topology loadText(const std::string& name, const std::string& text)
{
    return model::loadTopology(std::vector<model::Source>{model::Source{name, text}});
}

// The status of every object that has one (and that `keep` keeps), as documents of
// {kind, name, status, notes}: what the golden files of the translator hold.
inline std::string statusGolden(const model::ObjectSet& objects, const model::Translation& t,
                                const std::function<bool(const model::Object&)>& keep = {})
{
    std::string out;
    for (const model::ObjectStatus& s : t.statuses) {
        const model::Object& o = objects.objects()[s.objectIndex];
        if (keep && !keep(o))
            continue;
        yaml::Node doc = yaml::Node::map();
        doc.set("kind", yaml::Node::string(o.id.kind));
        doc.set("name", yaml::Node::string(o.displayName()));
        doc.set("status", model::statusNode(s));
        if (!s.notes.empty()) {
            yaml::Node notes = yaml::Node::seq();
            for (const std::string& n : s.notes)
                notes.append(yaml::Node::string(n));
            doc.set("notes", notes);
        }
        out += out.empty() ? "" : "---\n";
        yaml::writeYaml(doc, out);
    }
    return out;
}

inline QString diagnosticsText(const model::Diagnostics& d)
{
    QString out;
    for (const model::Diagnostic& x : d.all())
        out += QString::fromStdString(x.format()) + "\n";
    return out;
}

}  // namespace gs::test

// main() for a test that needs ../shared: without it the whole test reports "Skipped" to ctest
// (exit code 77, SKIP_RETURN_CODE) with the reason on stderr.
#define GWS_TEST_MAIN_NEEDING_SHARED(TestClass)                                                                                  \
    int main(int argc, char** argv)                                                                                              \
    {                                                                                                                            \
        if (gs::test::sharedGatewayApiDir().isEmpty()) {                                                                         \
            std::fprintf(stderr,                                                                                                 \
                         "SKIP: " GWS_SHARED_DIR "/gateway-api is absent; this test reads "                                      \
                         "the Gateway API reference data from there\n");                                                         \
            return 77;                                                                                                           \
        }                                                                                                                        \
        QCoreApplication app(argc, argv);                                                                                        \
        TestClass test;                                                                                                          \
        return QTest::qExec(&test, argc, argv);                                                                                  \
    }

#define GWS_REQUIRE_SHARED(dir)                                                                                                  \
    const QString dir = gs::test::sharedGatewayApiDir();                                                                         \
    if (dir.isEmpty())                                                                                                           \
    QSKIP("../shared/gateway-api is absent: the reference data is read from there, never "                                       \
          "copied into the repository")
