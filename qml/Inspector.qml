import QtQuick
import QtQuick.Controls
import GatewayStudio.Editor

// The typed form of the selected object. Each field commits when editing finishes; its
// validation errors show under it. Read-only when the role view does not own the kind.
Item {
    id: root

    required property Document document
    readonly property bool editing: list.activeFocus || (list.currentItem && list.currentItem.activeFocus)

    // The field a clicked problem is about; its row (or the nearest row above it) is marked.
    property string focusPath: ""

    // Marks the row of `path` (or of the closest field that holds it) and scrolls to it; false
    // when the form shows no such field.
    function focusField(path) {
        const row = root.document.inspector.rowOfField(path)
        if (row < 0)
            return false
        focusPath = root.document.inspector.pathAt(row)
        list.positionViewAtIndex(row, ListView.Center)
        return true
    }

    objectName: "inspector"
    Connections {
        target: root.document.selection
        function onCurrentChanged() { root.focusPath = "" }
    }

    Text {
        anchors.centerIn: parent
        visible: root.document.selection.current === ""
        width: parent.width - 40
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        text: qsTr("Select an object on the canvas to see its fields here.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSize
    }

    // Why the form is read-only: the role view does not own the selected kind, the object is on
    // the cluster, or it is a collapsed group.
    Rectangle {
        id: readOnlyNote
        objectName: "readOnlyNote"
        visible: root.document.selection.current !== "" && !root.document.selection.editable
        x: 10
        y: visible ? 8 : 0
        width: parent.width - 20
        height: visible ? note.implicitHeight + 10 : 0
        radius: 4
        color: Theme.panelAlt
        Text {
            id: note
            x: 8
            y: 5
            width: parent.width - 16
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
            readonly property string clusterReason: root.document.clusterContext !== "" && root.document.selection.current !== ""
                                                    ? root.document.clusterReadOnlyReason(root.document.selection.current) : ""
            text: clusterReason !== "" ? clusterReason
                  : root.document.selection.current.startsWith("collapsed/")
                  ? qsTr("A collapsed group of objects. Double-click it, or right-click it and choose Expand, to see and edit them.")
                  : root.document.role === "app"
                  ? qsTr("Read-only in the App view: the infra team owns a %1. Switch to Infra or All to edit it.").arg(root.document.selection.kind)
                  : qsTr("Read-only in the Infra view: the app teams own a %1. Switch to App or All to edit it.").arg(root.document.selection.kind)
        }
    }

    ListView {
        id: list
        objectName: "inspectorList"
        anchors.fill: parent
        anchors.margins: 10
        anchors.topMargin: readOnlyNote.height + 10
        clip: true
        spacing: 4
        model: root.document.inspector
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}
        delegate: InspectorRow {
            width: ListView.view.width - 8
            document: root.document
            editable: root.document.selection.editable
            focused: path === root.focusPath
        }
        // A Service's echo pods can misbehave on purpose (a canary's rehearsal): kept in the
        // workspace, never in the YAML; applied live while the gateway runs.
        footer: Column {
            width: ListView.view ? ListView.view.width - 8 : 0
            visible: root.document.selection.kind === "Service"
            height: visible ? implicitHeight + 8 : 0
            topPadding: 8
            spacing: 3
            Text {
                width: parent.width
                text: qsTr("Echo faults (local only, never exported)")
                font.bold: true
                color: Theme.text
                font.pixelSize: Theme.fontSize
                wrapMode: Text.Wrap
            }
            TextField {
                id: faultsField
                // The Service being edited, taken when the field gets focus: editing finishes on
                // focus loss, which may come after the selection moved on.
                property string serviceId: ""
                function refresh() {
                    if (!activeFocus)
                        text = root.document.selection.kind === "Service" ? root.document.local.echoFaults(root.document.selection.current) : ""
                }
                objectName: "echoFaults"
                width: parent.width
                placeholderText: "503:5%,latency:200ms-p99"
                Component.onCompleted: refresh()
                onActiveFocusChanged: if (activeFocus) serviceId = root.document.selection.current
                onEditingFinished: if (serviceId.startsWith("service/") && root.document.local.echoFaultsError(text) === "")
                                       root.document.local.setEchoFaults(serviceId, text)
                Connections {
                    target: root.document.selection
                    function onCurrentChanged() { faultsField.refresh() }
                }
                Connections {
                    target: root.document.local
                    function onEchoFaultsChanged() { faultsField.refresh() }
                }
            }
            Text {
                objectName: "echoFaultsHelp"
                width: parent.width
                readonly property string error: root.document.local.echoFaultsError(faultsField.text)
                text: error !== "" ? error
                      : qsTr("CODE:SHARE (503:5%), reset:SHARE, stall:SHARE, latency:200ms, latency:50ms..150ms, latency:20ms-p50/400ms-p99; comma-separated")
                color: error !== "" ? Theme.error : Theme.textMuted
                wrapMode: Text.Wrap
                font.pixelSize: Theme.smallFontSize
            }
        }
    }
}
