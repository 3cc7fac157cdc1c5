// What an installed Gateway Studio gives the desktop and the shell (resources/desktop/, the man
// page), checked as the tools that read them check them: desktop-file-validate, appstreamcli,
// groff. A missing tool skips its case with a message (./dev installs them).
#include <QtTest>

#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

namespace {

const QString kResources = QStringLiteral(GWS_SOURCE_DIR "/resources");
const QString kAppId = QStringLiteral("io.gatewaystudio.GatewayStudio");

struct Run {
    int exitCode = -1;
    QString out;  // stdout and stderr
};

Run run(const QString& program, const QStringList& arguments)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, arguments);
    if (!p.waitForFinished(60000))
        return {};
    return {p.exitCode(), QString::fromUtf8(p.readAll())};
}

QString tool(const char* name)
{
    const QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        qWarning("%s is not installed (./dev setup installs it): its check is skipped", name);
    return path;
}

QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The commands `gateway-studio --help` lists, and the long options each command's --help names.
QStringList commands()
{
    QStringList names;
    const QRegularExpression line(R"(^  gateway-studio ([a-z]+)\b)", QRegularExpression::MultilineOption);
    for (auto it = line.globalMatch(run(GWS_BINARY, {"--help"}).out); it.hasNext();) {
        const QString name = it.next().captured(1);
        if (!names.contains(name))
            names << name;
    }
    return names;
}

}  // namespace

class TestDesktopIntegration : public QObject {
    Q_OBJECT

private slots:
    void desktopEntryValidates()
    {
        const QString validator = tool("desktop-file-validate");
        if (validator.isEmpty())
            QSKIP("desktop-file-validate is not installed");
        const Run r = run(validator, {kResources + "/desktop/" + kAppId + ".desktop"});
        QVERIFY2(r.exitCode == 0 && r.out.trimmed().isEmpty(), qPrintable(r.out));
    }

    // A file manager offers "Open with Gateway Studio" for YAML files, and the launcher shows the
    // icon installed under the same id.
    void desktopEntryOpensYamlFilesWithTheIcon()
    {
        QSettings entry(kResources + "/desktop/" + kAppId + ".desktop", QSettings::IniFormat);
        entry.beginGroup("Desktop Entry");
        QCOMPARE(entry.value("Exec").toString(), QString("gateway-studio %F"));
        QCOMPARE(entry.value("Icon").toString(), kAppId);
        QCOMPARE(entry.value("Terminal").toString(), QString("false"));
        const QString mimeTypes = readAll(kResources + "/desktop/" + kAppId + ".desktop");
        // shared-mime-info (Debian 12) names *.yaml and *.yml application/x-yaml; newer ones application/yaml.
        for (const char* type : {"application/x-yaml", "application/yaml"})
            QVERIFY2(mimeTypes.contains(QString(type) + ";"), type);
        for (int size : {16, 24, 32, 48, 64, 128, 256, 512}) {
            const QString png = QString("%1/desktop/icons/hicolor/%2x%2/apps/%3.png").arg(kResources).arg(size).arg(kAppId);
            const QImage image(png);
            QVERIFY2(!image.isNull(), qPrintable(png));
            QCOMPARE(image.size(), QSize(size, size));
            QVERIFY(image.hasAlphaChannel());
        }
        QVERIFY(readAll(kResources + "/desktop/icons/" + kAppId + ".svg").contains("viewBox"));
    }

    void metainfoValidates()
    {
        const QString appstream = tool("appstreamcli");
        if (appstream.isEmpty())
            QSKIP("appstreamcli is not installed");
        const Run r = run(appstream, {"validate", "--no-net", kResources + "/desktop/" + kAppId + ".metainfo.xml"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY(readAll(kResources + "/desktop/" + kAppId + ".metainfo.xml")
                    .contains("<launchable type=\"desktop-id\">" + kAppId + ".desktop</launchable>"));
    }

    void manPageHasNoWarnings()
    {
        const QString groff = tool("groff");
        if (groff.isEmpty())
            QSKIP("groff is not installed");
        const Run r = run(groff, {"-man", "-Tutf8", "-ww", "-z", kResources + "/man/gateway-studio.1"});
        QVERIFY2(r.exitCode == 0 && r.out.trimmed().isEmpty(), qPrintable(r.out));
    }

    // Every command has its section, and every option a command's --help names is in the page.
    void manPageCoversEveryCommandAndOption()
    {
        const QString page = readAll(kResources + "/man/gateway-studio.1").replace("\\-", "-");
        const QStringList names = commands();
        QVERIFY2(names.size() >= 11, qPrintable(names.join(' ')));
        const QRegularExpression option(R"((--[a-z][a-z0-9-]*))");
        for (const QString& name : names) {
            QVERIFY2(page.contains(QRegularExpression("^\\.SS \"" + name + "\\b", QRegularExpression::MultilineOption)),
                     qPrintable("no section for " + name));
            for (auto it = option.globalMatch(run(GWS_BINARY, {name, "--help"}).out); it.hasNext();) {
                const QString o = it.next().captured(1);
                QVERIFY2(page.contains(o), qPrintable(name + " " + o + " is not in the man page"));
            }
        }
        for (const char* variable : {"GWS_NET", "GWS_LOOPBACK", "KUBECONFIG"})
            QVERIFY2(page.contains(QString(".B ") + variable), variable);
    }
};

QTEST_GUILESS_MAIN(TestDesktopIntegration)
#include "tst_desktop_integration.moc"
