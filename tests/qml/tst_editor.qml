import QtQuick
import QtQuick.Controls
import QtTest
import GatewayStudio.Editor
import GatewayStudio.Ui

// The editor's interactions on the real views over a real Document (the bundled demo): create a
// node from the palette, connect a route to a listener by dragging, change a weight and undo it,
// edit the YAML and see the graph change, edit a field and see its error beside it.
Item {
    id: harness
    width: 1200
    height: 760

    Document { id: doc }

    GraphCanvas {
        id: canvas
        x: 0
        width: 820
        height: parent.height
        document: doc
    }
    SidePanel {
        id: side
        x: 820
        width: 380
        height: parent.height
        document: doc
    }
    PaletteButton {
        id: addService
        kind: "Service"
        onClicked: canvas.createAtCenter(kind)
    }
    PaletteButton {
        id: addRoute
        x: 40
        kind: "HTTPRoute"
        onClicked: canvas.createAtCenter(kind)
    }

    SearchField {
        id: search
        y: 40
        width: 160
        document: doc
    }

    FileActions {
        id: files
        document: doc
        parentWindow: harness
    }

    TestCase {
        name: "Editor"
        when: windowShown

        function init() {
            doc.files.newFromTemplate("demo")
            doc.role = "all"
            canvas.fit()
            side.showInspector()
            wait(0)
        }

        function node(id) { return findChild(canvas, "node:" + id) }

        function edgeLabel(id) {
            const e = findChild(canvas, "label:" + id)
            return e ? e.label : "<none>"
        }

        // Drags from the centre of `from` to point (x, y) of `to`, in small steps.
        function dragTo(from, to, x, y) {
            const start = Qt.point(from.width / 2, from.height / 2)
            const end = to.mapToItem(from, x, y)
            mousePress(from, start.x, start.y)
            for (let i = 1; i <= 10; ++i)
                mouseMove(from, start.x + (end.x - start.x) * i / 10, start.y + (end.y - start.y) * i / 10, 10,
                          Qt.LeftButton)
            mouseRelease(from, end.x, end.y)
        }

        function test_createNodeFromPalette() {
            compare(doc.nodes.rowCount(), 8)
            mouseClick(addService)
            compare(doc.nodes.rowCount(), 9)
            tryVerify(() => node("service/default/service-1") !== null)
            compare(doc.selection.current, "service/default/service-1")
            verify(doc.yamlText.indexOf("name: service-1") > 0)
            doc.undo()
            compare(doc.nodes.rowCount(), 8)
        }

        function test_connectRouteToListenerByDragging() {
            mouseClick(addRoute)
            const routeId = "httproute/default/httproute-1"
            tryVerify(() => findChild(canvas, "connect:" + routeId) !== null)
            const handle = findChild(canvas, "connect:" + routeId)
            const port = findChild(canvas, "port:gateway/default/demo-gateway:http")
            verify(port !== null)
            dragTo(handle, port, port.width / 2, port.height / 2)
            tryVerify(() => doc.yamlText.indexOf("sectionName: http") > 0)
            tryVerify(() => findChild(canvas, "edge:" + routeId + "/parent/0") !== null)
            compare(findChild(canvas, "edge:" + routeId + "/parent/0").port, "http")

            // The model refuses what Gateway API does not allow, and says why.
            const cls = node("gatewayclass/gateway-studio")
            const again = findChild(canvas, "connect:" + routeId)
            dragTo(again, cls, cls.width / 2, 20)
            verify(doc.message.indexOf("attaches to a Gateway's or a ListenerSet's listener") >= 0, doc.message)
            doc.undo()
            verify(doc.yamlText.indexOf("sectionName: http") < 0)
        }

        function test_changeWeightAndUndo() {
            const id = "httproute/default/traffic-split/rule/0/backend/1"
            compare(edgeLabel(id), "20 · 20%")
            const chip = findChild(canvas, "weight:" + id)
            mouseClick(chip)
            const popup = findChild(chip, "weightPopup")
            tryVerify(() => popup.opened)
            const spin = findChild(popup.contentItem, "weightSpin")
            spin.value = 60
            mouseClick(findChild(popup.contentItem, "weightApply"))
            tryVerify(() => edgeLabel(id) === "60 · 43%")
            verify(doc.modified)
            doc.undo()
            tryVerify(() => edgeLabel(id) === "20 · 20%")
            verify(!doc.modified)
        }

        function test_editYamlChangesTheGraph() {
            side.showYamlAt(1, 1)
            const area = findChild(side, "yamlEditor")
            verify(area !== null)
            area.text = area.text.replace("name: app-v2\n          port: 8080\n          weight: 20",
                                          "name: app-v9\n          port: 8080\n          weight: 20")
            tryVerify(() => node("service/default/app-v9") !== null, 3000)
            verify(node("service/default/app-v2") !== null)   // still defined, now unreferenced
            compare(findChild(canvas, "edge:httproute/default/traffic-split/rule/0/backend/1").toId,
                    "service/default/app-v9")

            // Broken YAML: listed with its line and underlined; the graph keeps what still parses.
            area.text = area.text + "---\nkind: [oops\n"
            tryVerify(() => doc.errorCount > 0, 3000)
            const line = doc.yamlErrors[0].line
            verify(findChild(side, "yamlHighlighter").isUnderlined(line))
            verify(doc.nodes.rowCount() >= 8)
            doc.undo()
            tryCompare(area, "text", doc.yamlText)
            compare(doc.errorCount, 0)
        }

        function test_inspectorShowsFieldErrors() {
            doc.selection.current = "gateway/default/demo-gateway"
            const field = findChild(side, "editor:spec.listeners[0].port")
            verify(field !== null)
            compare(field.text, "80")
            field.text = "99999"
            field.editingFinished()
            tryVerify(() => {
                const e = findChild(side, "error:spec.listeners[0].port")
                return e !== null && e.visible && e.text.length > 0
            })
            // Clicking the problem marks the field.
            side.showProblem(0, 0, "spec.listeners[0].port")
            tryVerify(() => findChild(side, "field:spec.listeners[0].port").focused)
            doc.undo()
            tryCompare(findChild(side, "editor:spec.listeners[0].port"), "text", "80")
        }

        // The inspector's buttons: "+ header" under a match and "+ request headers" under a rule
        // add rows to the form and items to the YAML, one undo step each.
        // The inspector's ListView makes only the rows near the view: scroll until `name` is in view.
        function inspectorChild(name) {
            const list = findChild(side, "inspectorList")
            for (let y = 0; y <= list.contentHeight; y += 100) {
                list.contentY = y
                wait(0)
                const item = findChild(side, name)
                if (item === null)
                    continue
                const p = item.mapToItem(list, 0, 0)   // in view, not a cached delegate beyond it
                if (item.visible && p.y >= 0 && p.y + item.height <= list.height)
                    return item
            }
            return null
        }

        function test_inspectorButtonsAddHeaderMatchAndFilter() {
            doc.selection.current = "httproute/default/app-route"
            const addHeader = inspectorChild("action:spec.rules[0].matches[0].headers:headerMatch")
            verify(addHeader !== null)
            mouseClick(addHeader)
            tryVerify(() => doc.yamlText.indexOf("X-Example-0") >= 0)
            compare(inspectorChild("editor:spec.rules[0].matches[0].headers[0].name").text, "X-Example-0")
            verify(doc.yamlText.indexOf("headers:\n            - name: X-Example-0") >= 0)
            const addFilter = inspectorChild("action:spec.rules[0].filters:RequestHeaderModifier")
            verify(addFilter !== null)
            mouseClick(addFilter)
            tryVerify(() => doc.yamlText.indexOf("- type: RequestHeaderModifier") >= 0)
            compare(doc.errorCount, 0)
            const remove = inspectorChild("action:spec.rules[0].filters[0]:")
            verify(remove !== null)
            mouseClick(remove)
            tryVerify(() => doc.yamlText.indexOf("RequestHeaderModifier") < 0)
            doc.undo()
            doc.undo()
            doc.undo()
            verify(!doc.modified)
        }

        function test_dragMovesANodeAndUndoPutsItBack() {
            const n = node("gatewayclass/gateway-studio")
            const x0 = n.x
            mousePress(n, 40, 20)
            for (let i = 1; i <= 8; ++i)
                mouseMove(n, 40 + i * 10, 20 + i * 5, 10, Qt.LeftButton)
            mouseRelease(n, 120, 60)
            tryVerify(() => doc.nodeGeometry("gatewayclass/gateway-studio").x > x0 + 20)
            doc.undo()
            tryVerify(() => Math.abs(node("gatewayclass/gateway-studio").x - x0) < 0.5)
        }

        function test_unsavedChangesAreNotLostSilently() {
            doc.edits.setBackendWeight("httproute/default/traffic-split/rule/0/backend/1", 30)
            verify(doc.modified)
            files.newFromTemplate("canary")
            const dialog = findChild(files, "unsavedDialog")
            tryVerify(() => dialog.opened)
            compare(doc.displayName, "demo.yaml")          // nothing happened yet
            dialog.reject()
            tryVerify(() => !dialog.visible)
            compare(doc.displayName, "demo.yaml")
            files.newFromTemplate("canary")
            tryVerify(() => dialog.opened)
            dialog.discarded()
            tryCompare(doc, "displayName", "canary.yaml")
            verify(!doc.modified)
        }

        function test_searchDrawsTheRestFaint() {
            search.forceActiveFocus()
            keyClick(Qt.Key_Escape)
            for (const c of "traffic")
                keyClick(c)
            compare(doc.filter.text, "traffic")
            compare(doc.filter.matchCount, 1)
            tryVerify(() => node("service/default/app-v1").opacity < 0.5)
            compare(node("httproute/default/traffic-split").opacity, 1)
            keyClick(Qt.Key_Return)
            compare(doc.selection.current, "httproute/default/traffic-split")
            keyClick(Qt.Key_Escape)
            compare(doc.filter.text, "")
            tryVerify(() => node("service/default/app-v1").opacity === 1)
        }

        function test_ctrlClickSelectsSeveral() {
            mouseClick(node("service/default/app-v1"), 30, 20)
            compare(doc.selection.ids.length, 1)
            mouseClick(node("service/default/app-v2"), 30, 20, Qt.LeftButton, Qt.ControlModifier)
            compare(doc.selection.ids.length, 2)
            verify(node("service/default/app-v1").selected && node("service/default/app-v2").selected)
            mouseClick(node("service/default/app-v1"), 30, 20, Qt.LeftButton, Qt.ShiftModifier)
            compare(doc.selection.ids, ["service/default/app-v2"])
            mouseClick(node("service/default/app-v1"), 30, 20)
            compare(doc.selection.ids, ["service/default/app-v1"])
        }

        function test_readOnlyInAnotherRole() {
            doc.role = "app"
            doc.selection.current = "gateway/default/demo-gateway"
            // Read-only fields show their value as text, not as a field that would refuse the edit.
            verify(!findChild(side, "editor:spec.listeners[0].port").visible)
            const shown = findChild(side, "readonly:spec.listeners[0].port")
            verify(shown.visible)
            compare(shown.text, "80")
            verify(findChild(side, "readOnlyNote").visible)
            verify(findChild(canvas, "connect:httproute/default/app-route") !== null)
            doc.role = "infra"
            tryVerify(() => !findChild(canvas, "connect:httproute/default/app-route").visible)
        }
    }
}
