// The screenshot smoke test: `gateway-studio --screenshot` renders the demo offscreen into a PNG
// that is the window's size and not blank.
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

class TestScreenshot : public QObject {
    Q_OBJECT

    // How many distinct colours a sample of the image has: a blank or single-colour window has one.
    static int colours(const QImage& image)
    {
        std::set<QRgb> seen;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                seen.insert(image.pixel(x, y));
        return int(seen.size());
    }

    static QImage shoot(const QStringList& extra)
    {
        QTemporaryDir dir;
        const QString png = dir.filePath("shot.png");
        QProcess p;
        p.setWorkingDirectory(GWS_SOURCE_DIR);
        p.start(GWS_BINARY, QStringList{"--screenshot", png, "--delay", "300"} + extra);
        if (!p.waitForFinished(60000) || p.exitCode() != 0)
            qWarning() << p.readAllStandardError();
        return QImage(png);
    }

private slots:
    void demoRendersOffscreen()
    {
        const QImage image = shoot({});
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1280, 800));
        QVERIFY2(colours(image) > 40, "the screenshot looks blank");
    }

    void darkThemeAndFile()
    {
        const QImage image = shoot({"--theme", "dark", "resources/templates/cross-namespace.yaml"});
        QVERIFY(!image.isNull());
        QVERIFY(colours(image) > 40);
        // The dark theme: the top-left toolbar pixel is dark.
        QVERIFY(qGray(image.pixel(2, 2)) < 80);
    }

    // The running view: --demo serves the demo and generates traffic; the live badges under the
    // nodes (the traffic colour, #0288d1) are on the canvas.
    void runningDemoRenders()
    {
        const QImage image = shoot({"--demo", "--delay", "4000"});
        QVERIFY(!image.isNull());
        QVERIFY(colours(image) > 40);
        int trafficPixels = 0;
        for (int y = 40; y < 520; ++y)
            for (int x = 0; x < 890; ++x)
                trafficPixels += image.pixel(x, y) == qRgb(0x02, 0x88, 0xd1);
        QVERIFY2(trafficPixels > 200, qPrintable(QString::number(trafficPixels)));
    }

    // The frame benchmark mode: synthetic traffic on every edge of the demo, particles drawn on
    // the animated edges, percentiles printed, exit 0.
    void benchmarkFramesReportsPercentiles()
    {
        QProcess p;
        p.start(GWS_BINARY, {"--benchmark-frames", "20", "--benchmark-edges", "5"});
        QVERIFY(p.waitForFinished(60000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(p.exitCode() == 0, qPrintable(out + p.readAllStandardError()));
        const QRegularExpression edges(R"(20 frames: (\d+) animated edges and (\d+) particles in view)");
        const QRegularExpressionMatch m = edges.match(out);
        QVERIFY2(m.hasMatch(), qPrintable(out));
        QVERIFY2(m.captured(1).toInt() >= 5, qPrintable(out));
        QVERIFY2(m.captured(2).toInt() > m.captured(1).toInt(), qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression(R"(frame time \(wall\): +median [0-9.]+ ms, p95 [0-9.]+ ms, p99)")),
                 qPrintable(out));
        QVERIFY(out.contains("GUI thread CPU a frame: median"));
    }

    void badUsageFails()
    {
        QProcess bad;
        bad.start(GWS_BINARY, {"--benchmark-frames", "many"});
        QVERIFY(bad.waitForFinished(30000));
        QCOMPARE(bad.exitCode(), 2);

        QProcess p;
        p.start(GWS_BINARY, {"--screenshot"});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(TestScreenshot)
#include "tst_screenshot.moc"
