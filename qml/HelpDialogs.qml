import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// Help → Keyboard shortcuts (F1) and Help → About.
Item {
    id: root

    function showShortcuts() { shortcuts.open() }
    function showAbout() { about.open() }

    // Every shortcut of the window, in one place (the Shortcut items live in Main.qml and
    // FileActions.qml).
    readonly property var shortcutList: [
        [qsTr("Open files"), "Ctrl+O"],
        [qsTr("Save"), "Ctrl+S"],
        [qsTr("Save as"), "Ctrl+Shift+S"],
        [qsTr("Quit"), "Ctrl+Q"],
        [qsTr("Undo"), "Ctrl+Z"],
        [qsTr("Redo"), "Ctrl+Y, Ctrl+Shift+Z"],
        [qsTr("Delete the selection"), "Del, Backspace"],
        [qsTr("Copy the selected object (YAML)"), "Ctrl+C"],
        [qsTr("Paste objects"), "Ctrl+V"],
        [qsTr("Search"), "Ctrl+F"],
        [qsTr("Fit the graph in view"), "Ctrl+0"],
        [qsTr("Run or stop the local gateway"), "Ctrl+R"],
        [qsTr("Select several nodes"), qsTr("Ctrl+click, Shift+click")],
        [qsTr("Leave a field without changing it"), "Escape"],
        [qsTr("Apply a field or a popup"), "Enter"],
        [qsTr("Next field"), "Tab"],
        [qsTr("Clear the selection, close the banner, leave focus mode"), qsTr("Escape (on the canvas)")],
        [qsTr("Focus on an object's paths, collapse or expand a group, unpin"), qsTr("Right-click an object")],
        [qsTr("Lay out, collapse every namespace (overview), unpin all"), qsTr("Right-click the canvas")],
        [qsTr("Expand a collapsed group"), qsTr("Double-click it")],
        [qsTr("This list"), "F1"]
    ]

    Dialog {
        id: shortcuts
        objectName: "shortcutsDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(520, parent ? parent.width - 40 : 520)
        height: Math.min(implicitHeight, parent ? parent.height - 40 : implicitHeight)
        modal: true
        background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 6 }
        Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, 0.25) }
        title: qsTr("Keyboard shortcuts")
        standardButtons: Dialog.Close

        ScrollView {
            anchors.fill: parent
            contentWidth: availableWidth
            GridLayout {
                width: parent.width
                columns: 2
                columnSpacing: 16
                rowSpacing: 4
                Repeater {
                    model: root.shortcutList.length * 2
                    delegate: Label {
                        required property int index
                        readonly property var entry: root.shortcutList[Math.floor(index / 2)]
                        Layout.fillWidth: index % 2 === 0
                        text: entry[index % 2]
                        font.bold: index % 2 === 1
                        font.family: index % 2 === 1 ? Theme.monoFont : font.family
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }

    Dialog {
        id: about
        objectName: "aboutDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(460, parent ? parent.width - 40 : 460)
        modal: true
        background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 6 }
        Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, 0.25) }
        title: qsTr("About Gateway Studio")
        standardButtons: Dialog.Close

        AppInfo { id: info }

        ColumnLayout {
            width: parent.width
            spacing: 8
            Label {
                Layout.fillWidth: true
                text: qsTr("Gateway Studio %1").arg(info.version)
                font.bold: true
                font.pixelSize: Theme.fontSize + 4
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Edit Kubernetes Gateway API objects as a graph, see the status a conformant controller "
                           + "would write, and serve real traffic through them on this machine.")
            }
            Label {
                objectName: "aboutVersions"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                textFormat: Text.StyledText
                text: qsTr("Follows Gateway API <b>%1</b> (standard channel).<br>Qt %2.")
                      .arg(info.gatewayApiVersion).arg(info.qtVersion)
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                textFormat: Text.StyledText
                text: qsTr("Licensed under the <a href=\"%1\">%2</a>.<br>Gateway API: <a href=\"%3\">%3</a>")
                      .arg(info.licenceUrl).arg(info.licence).arg(info.specUrl)
                onLinkActivated: link => Qt.openUrlExternally(link)
            }
        }
    }
}
