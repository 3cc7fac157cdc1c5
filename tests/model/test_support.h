#pragma once
// Helpers shared by the model tests.

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QString>
#include <QTest>

#include <cstdio>
#include <string>

#include "topology.h"

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
#define GWS_TEST_MAIN_NEEDING_SHARED(TestClass)                                                        \
    int main(int argc, char** argv)                                                                  \
    {                                                                                                \
        if (gs::test::sharedGatewayApiDir().isEmpty()) {                                              \
            std::fprintf(stderr, "SKIP: " GWS_SHARED_DIR "/gateway-api is absent; this test reads "  \
                                 "the Gateway API reference data from there\n");                     \
            return 77;                                                                               \
        }                                                                                            \
        QCoreApplication app(argc, argv);                                                            \
        TestClass test;                                                                              \
        return QTest::qExec(&test, argc, argv);                                                      \
    }

#define GWS_REQUIRE_SHARED(dir)                                                                  \
    const QString dir = gs::test::sharedGatewayApiDir();                                         \
    if (dir.isEmpty())                                                                           \
        QSKIP("../shared/gateway-api is absent: the reference data is read from there, never " \
              "copied into the repository")
