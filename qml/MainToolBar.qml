import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The toolbar: file menu, undo/redo, the role view (Infra / App / All), the palette of kinds to
// create, and the canvas commands.
ToolBar {
    id: root

    required property Document document
    required property FileActions files
    property LiveGateway live: null

    signal fitRequested()
    signal fitMatchesRequested()

    function focusSearch() { search.forceActiveFocus(); search.selectAll() }
    signal createRequested(string kind)
    signal deleteRequested()

    background: Rectangle {
        color: Theme.panel
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.border }
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 6
        anchors.rightMargin: 6
        spacing: 4

        ToolButton {
            text: qsTr("File")
            onClicked: fileMenu.popup(this, 0, height)
            Menu {
                id: fileMenu
                Menu {
                    id: templateMenu
                    title: qsTr("New from template")
                    Instantiator {
                        model: root.document.templates
                        delegate: MenuItem {
                            required property var modelData
                            text: modelData.title
                            onTriggered: root.files.newFromTemplate(modelData.name)
                        }
                        onObjectAdded: (index, object) => templateMenu.insertItem(index, object)
                        onObjectRemoved: (index, object) => templateMenu.removeItem(object)
                    }
                }
                MenuItem { text: qsTr("Open…\tCtrl+O"); onTriggered: root.files.openFile() }
                Menu {
                    id: recentMenu
                    title: qsTr("Open recent")
                    enabled: root.document.recentFiles.length > 0
                    Instantiator {
                        model: root.document.recentFiles
                        delegate: MenuItem {
                            required property string modelData
                            text: modelData
                            onTriggered: root.files.openPath(modelData)
                        }
                        onObjectAdded: (index, object) => recentMenu.insertItem(index, object)
                        onObjectRemoved: (index, object) => recentMenu.removeItem(object)
                    }
                }
                MenuItem { text: qsTr("Save\tCtrl+S"); onTriggered: root.files.save() }
                MenuItem { text: qsTr("Save as…"); onTriggered: root.files.saveAs() }
                MenuSeparator {}
                MenuItem { text: qsTr("Export kubectl-ready YAML…"); onTriggered: root.files.exportYaml() }
            }
        }
        ToolButton {
            text: "↶"
            font.pixelSize: 18
            enabled: root.document.canUndo
            onClicked: root.document.undo()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Undo %1 (Ctrl+Z)").arg(root.document.undoText)
        }
        ToolButton {
            text: "↷"
            font.pixelSize: 18
            enabled: root.document.canRedo
            onClicked: root.document.redo()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Redo %1 (Ctrl+Y)").arg(root.document.redoText)
        }
        ToolSeparator {}
        RoleSwitch { document: root.document }
        ToolSeparator {}
        Label { text: qsTr("Add"); color: Theme.textMuted; font.pixelSize: Theme.smallFontSize }
        Repeater {
            model: root.document.paletteKinds
            delegate: PaletteButton {
                required property string modelData
                kind: modelData
                enabled: root.document.role !== "" && root.document.canCreate(modelData)
                onClicked: root.createRequested(modelData)
            }
        }
        Item { Layout.fillWidth: true }
        ToolButton {
            objectName: "runGateway"
            visible: root.live !== null
            text: root.live && root.live.running ? qsTr("■ Stop") : qsTr("▶ Run")
            highlighted: root.live !== null && root.live.running
            onClicked: root.live.running ? root.live.stop() : root.live.start()
            ToolTip.visible: hovered
            ToolTip.text: root.live && root.live.running
                          ? qsTr("Stop the local gateway")
                          : qsTr("Serve this document on 127.0.0.1 with built-in echo backends; edits apply live (Ctrl+R)")
        }
        SearchField {
            id: search
            document: root.document
            Layout.preferredWidth: 170
            onFitMatchesRequested: root.fitMatchesRequested()
        }
        ToolButton {
            objectName: "onlyProblems"
            text: qsTr("Problems")
            checkable: true
            checked: root.document.onlyProblems
            onToggled: {
                root.document.onlyProblems = checked
                root.fitMatchesRequested()
            }
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Show only objects with problems, and their neighbours")
        }
        ToolButton {
            text: qsTr("Delete")
            enabled: root.document.selectedId !== "" && root.document.selectedEditable
            onClicked: root.deleteRequested()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Delete the selected object (Del)")
        }
        ToolButton {
            text: qsTr("Layout")
            onClicked: root.document.autoLayout()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Lay the graph out again (undoable)")
        }
        ToolButton {
            text: qsTr("Fit")
            onClicked: root.fitRequested()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Fit the graph in view (Ctrl+0)")
        }
        ToolButton {
            text: Theme.dark ? "☀" : "☾"
            font.pixelSize: 16
            onClicked: Theme.dark = !Theme.dark
            ToolTip.visible: hovered
            ToolTip.text: Theme.dark ? qsTr("Light theme") : qsTr("Dark theme")
        }
    }
}
