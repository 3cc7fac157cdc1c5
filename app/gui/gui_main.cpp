#include "gui_main.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QImage>
#include <QQuickWindow>
#include <QTimer>

#include <cstdio>

#include "document.h"
#include "editor_window.h"
#include "frame_benchmark.h"
#include "live_gateway.h"
#include "rollout_rehearsal.h"
#include "traffic_generator.h"

namespace gs::gui {

namespace {

struct GuiOptions {
    QStringList files;
    QString screenshot;
    QString select;
    int delayMs = 800;
    bool dark = false;
    bool demo = false;
    bool demoRehearsal = false;  // --demo rehearsal
    bool run = false;
    int benchmarkFrames = 0;  // 0: no benchmark
    FrameBenchmarkOptions benchmark;
};

bool parseOptions(const QStringList& arguments, GuiOptions& out)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Gateway Studio: edit Kubernetes Gateway API objects as a graph.");
    parser.addHelpOption();
    parser.addOption({"screenshot", "Save a capture of the window to PNG and exit.", "PNG"});
    parser.addOption({"delay", "Wait MS milliseconds before the capture (default 800).", "MS"});
    parser.addOption({"theme", "light (default) or dark.", "THEME"});
    parser.addOption({"select", "Select the object with this id (e.g. gateway/default/web).", "ID"});
    parser.addOption({"run", "Start the local gateway on the opened files."});
    parser.addOption({"demo",
                      "Open the canary demo with the local gateway running and the traffic generator "
                      "sending about 50 requests/s to example.com. '--demo rehearsal': a canary rollout "
                      "rehearsed on it, whose canary answers 20% 503: it fails at 25% and rolls back."});
    parser.addOption({"benchmark-frames",
                      "Time N frames with live traffic on every edge in view (offscreen, "
                      "software renderer), print frame-time percentiles and exit.",
                      "N"});
    parser.addOption({"benchmark-edges",
                      "With --benchmark-frames: zoom out until E edges are animated in view "
                      "(default 1000).",
                      "E"});
    parser.addPositionalArgument("FILE", "YAML files to open (the bundled demo when none).", "[FILE...]");
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "gateway-studio: %s\n", qPrintable(parser.errorText()));
        return false;
    }
    if (parser.isSet("help")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        std::exit(0);
    }
    bool ok = true;
    out.files = parser.positionalArguments();
    out.screenshot = parser.value("screenshot");
    if (parser.isSet("delay"))
        out.delayMs = parser.value("delay").toInt(&ok);
    out.dark = parser.value("theme") == QLatin1String("dark");
    out.select = parser.value("select");
    out.demo = parser.isSet("demo");
    out.demoRehearsal = out.demo && out.files == QStringList{"rehearsal"};
    if (out.demoRehearsal)
        out.files.clear();
    out.run = parser.isSet("run");
    if (!ok || out.delayMs < 0) {
        std::fprintf(stderr, "gateway-studio: --delay takes a number of milliseconds\n");
        return false;
    }
    if (parser.isSet("benchmark-frames"))
        out.benchmarkFrames = out.benchmark.frames = parser.value("benchmark-frames").toInt(&ok);
    if (ok && parser.isSet("benchmark-edges"))
        out.benchmark.edges = parser.value("benchmark-edges").toInt(&ok);
    if (!ok || out.benchmarkFrames < 0 || out.benchmark.edges < 0) {
        std::fprintf(stderr, "gateway-studio: --benchmark-frames and --benchmark-edges take a positive number\n");
        return false;
    }
    return true;
}

void capture(QQuickWindow* window, const QString& path)
{
    const QImage image = window->grabWindow();
    const bool saved = !image.isNull() && image.save(path, "PNG");
    if (!saved)
        std::fprintf(stderr, "gateway-studio: could not save the screenshot to %s\n", qPrintable(path));
    QCoreApplication::exit(saved ? 0 : 1);
}

// The one-command demo: the gateway on the demo document and a steady stream of requests to the
// canary split (traffic-split: example.com, 80/20).
bool startDemo(QObject* root)
{
    auto* live = root->property("live").value<LiveGateway*>();
    auto* generator = root->property("generator").value<TrafficGenerator*>();
    if (!live || !generator || !live->start()) {
        std::fprintf(stderr, "gateway-studio: --demo: %s\n", live ? qPrintable(live->message()) : "no gateway");
        return false;
    }
    generator->applySettings({{"scheme", "http"}, {"host", "example.com"}, {"path", "/"}, {"rate", 50}, {"concurrency", 2}});
    if (!generator->start()) {
        std::fprintf(stderr, "gateway-studio: --demo: %s\n", qPrintable(generator->message()));
        return false;
    }
    for (const QVariant& l : live->listeners())
        std::printf("demo: %s (%s)\n", qPrintable(l.toMap()["url"].toString()), qPrintable(l.toMap()["curl"].toString()));
    std::fflush(stdout);
    return true;
}

// `--demo rehearsal`: the canary (app-v2) answers 20 % of its requests with 503, and a rollout
// plan (1, 5, 25, 50, 100 %, 4 s steps, 20 requests a check, 5xx ≤ 1 %) is rehearsed with 50
// requests/s: the 1 % and 5 % steps are too small to judge, 25 % fails, and the canary is rolled
// back, about 12 s in.
bool startRehearsalDemo(QObject* root, Document& document)
{
    auto* rehearsal = root->property("rehearsal").value<RolloutRehearsal*>();
    if (!rehearsal || !document.local()->setEchoFaults("service/default/app-v2", "503:20%"))
        return false;
    rehearsal->select("httproute/default/traffic-split", 0);
    rehearsal->setProperty("steps", "1,5,25,50,100");
    rehearsal->setProperty("stepTime", "4s");
    rehearsal->setProperty("minRequests", 20);
    rehearsal->setProperty("max5xx", "1%");
    rehearsal->setProperty("rate", 50);
    QObject::connect(rehearsal, &RolloutRehearsal::checksChanged, rehearsal, [rehearsal] {
        const QVariantList checks = rehearsal->checks();
        if (checks.isEmpty())
            return;
        const QVariantMap c = checks.back().toMap();
        std::printf("step %d/%d canary %d%%: %s → %s\n", c["step"].toInt(), c["steps"].toInt(), c["percent"].toInt(),
                    qPrintable(c["verdict"].toString()), qPrintable(c["outcome"].toString()));
        std::fflush(stdout);
    });
    QObject::connect(rehearsal, &RolloutRehearsal::finished, rehearsal, [rehearsal] {
        std::printf("%s\n", qPrintable(rehearsal->verdict()));
        std::fflush(stdout);
    });
    if (!rehearsal->start()) {
        std::fprintf(stderr, "gateway-studio: --demo rehearsal: %s\n", qPrintable(rehearsal->message()));
        return false;
    }
    std::printf("demo rehearsal: %s\n", qPrintable(rehearsal->message()));
    std::fflush(stdout);
    return true;
}

}  // namespace

// The editor needs somewhere to show its window. Without a display Qt would abort with a
// platform-plugin message that names no way out: say what is missing and what works instead.
bool haveDisplay()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY") ||
        !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

int runGui(int argc, char** argv)
{
    if (!haveDisplay()) {
        std::fprintf(stderr,
                     "gateway-studio: the editor needs a display (DISPLAY or WAYLAND_DISPLAY is not set); "
                     "without one, use the commands: gateway-studio validate|status|export|serve FILE... "
                     "(gateway-studio --help)\n");
        return 2;
    }
    QApplication app(argc, argv);
    setUpEditorApplication();
    GuiOptions options;
    if (!parseOptions(app.arguments(), options))
        return 2;

    QString error;
    std::unique_ptr<EditorWindow> editor = EditorWindow::open({options.files, options.select, options.dark, options.demo}, error);
    if (!editor) {
        std::fprintf(stderr, "gateway-studio: %s\n", qPrintable(error));
        return 2;
    }
    QQuickWindow* window = editor->window();
    if (options.demoRehearsal && !startRehearsalDemo(window, editor->document()))
        return 1;
    if (options.demo && !options.demoRehearsal && !startDemo(window))
        return 1;
    if (options.run && !options.demo) {
        LiveGateway* live = editor->live();
        if (!live || !live->start())
            std::fprintf(stderr, "gateway-studio: --run: %s\n", live ? qPrintable(live->message()) : "no gateway");
    }
    if (options.benchmarkFrames > 0)
        scheduleFrameBenchmark(window, editor->document(), options.benchmark);
    else if (!options.screenshot.isEmpty())
        QTimer::singleShot(options.delayMs, window, [window, path = options.screenshot] { capture(window, path); });
    return app.exec();
}

}  // namespace gs::gui
