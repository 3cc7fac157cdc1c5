import QtQuick
import QtQuick.Controls
import QtTest
import GatewayStudio.Editor
import GatewayStudio.Ui

// The live-traffic controls on the real views: canary presets, promote and roll back, the weight
// slider (each one undoable edit of the YAML), the request tracer's form, and the generator's
// refusal to start without a gateway.
Item {
    id: harness
    width: 1200
    height: 700

    Document { id: doc }
    LiveGateway { id: live; document: doc; ephemeralPorts: true }
    RequestTracer { id: tracer; live: live }
    TrafficGenerator { id: generator; live: live }

    TrafficPanel {
        id: splits
        width: 520
        height: 300
        live: live
        document: doc
    }
    TracerPanel {
        id: tracerPanel
        x: 540
        width: 380
        height: 700
        tracer: tracer
        live: live
    }
    GeneratorPanel {
        id: generatorPanel
        y: 320
        width: 520
        height: 380
        generator: generator
        live: live
        document: doc
    }

    TestCase {
        name: "LiveControls"
        when: windowShown

        function init() {
            live.stop()
            doc.files.newFromTemplate("demo")
            wait(0)
        }

        function weights() {
            return doc.yamlText.match(/weight: \d+/g).join(",")
        }

        function test_presetsPromoteRollBackAndUndo() {
            compare(weights(), "weight: 80,weight: 20")
            const row = findChild(splits, "split:httproute/default/traffic-split/rule/0")
            verify(row !== null)
            mouseClick(findChild(row, "preset:25"))
            compare(weights(), "weight: 75,weight: 25")
            mouseClick(findChild(row, "promote"))
            compare(weights(), "weight: 0,weight: 100")
            mouseClick(findChild(row, "rollback"))
            compare(weights(), "weight: 100,weight: 0")
            doc.undo()
            doc.undo()
            doc.undo()
            compare(weights(), "weight: 80,weight: 20")
        }

        function test_sliderChangesOneWeight() {
            const row = findChild(splits, "split:httproute/default/traffic-split/rule/0")
            const slider = findChild(row, "weightSlider:httproute/default/traffic-split/rule/0/backend/1")
            verify(slider !== null)
            // Press at the slider's far right end and release: weight 100 for app-v2.
            mousePress(slider, slider.width - 2, slider.height / 2)
            mouseRelease(slider, slider.width - 2, slider.height / 2)
            tryCompare(doc, "canUndo", true)
            compare(weights(), "weight: 80,weight: 100")
            doc.undo()
            compare(weights(), "weight: 80,weight: 20")
        }

        function test_tracerFormTracesAndHighlights() {
            const host = findChild(tracerPanel, "traceHost")
            const path = findChild(tracerPanel, "tracePath")
            host.text = "shop.test"
            host.textEdited()
            path.text = "/api/users"
            path.textEdited()
            mouseClick(findChild(tracerPanel, "traceButton"))
            const verdict = findChild(tracerPanel, "traceVerdict")
            verify(verdict.text.startsWith("Taken by httproute/default/app-route rule 1"), verdict.text)
            verify(tracer.highlight.indexOf("service/default/api-service") >= 0)
            verify(!findChild(tracerPanel, "sendButton").enabled)   // not running
        }

        function test_generatorNeedsAGateway() {
            mouseClick(findChild(generatorPanel, "generatorStart"))
            verify(!generator.running)
            verify(generator.message.indexOf("Start the gateway") >= 0, generator.message)
        }

        function test_runningGatewayShowsObservedShares() {
            verify(live.start(), live.message)
            generator.applySettings({"host": "example.com", "rate": 200, "concurrency": 2, "durationSeconds": 1})
            mouseClick(findChild(generatorPanel, "generatorStart"))
            verify(generator.running)
            tryCompare(generator, "running", false, 10000)
            live.poll()
            const observed = () => findChild(splits, "observed:httproute/default/traffic-split/rule/0/backend/0")
            const configured = findChild(splits, "configured:httproute/default/traffic-split/rule/0/backend/0")
            // 80/20 observed: the observed bar is as long as the configured one (within a pixel).
            compare(generator.results.failures, "")
            verify(generator.results.completed > 0)
            tryVerify(() => observed().width > 0)
            // The rows are refreshed, not recreated, by the polls (a slider being dragged survives).
            const before = observed()
            live.poll()
            wait(0)
            verify(before === observed())
            verify(Math.abs(observed().width - configured.width) <= 1, observed().width + " vs " + configured.width)
            live.stop()
        }
    }
}
