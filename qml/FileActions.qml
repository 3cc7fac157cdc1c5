import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import GatewayStudio.Editor

// File → Open, Save, Save As, Export and New from template, with their dialogs and shortcuts.
// The Document does the work; this item only asks where.
Item {
    id: root

    required property Document document
    required property var parentWindow

    function openFile() { openDialog.open() }
    function save() {
        if (!document.save() && document.filePath === "")
            saveDialog.open()
    }
    function saveAs() { saveDialog.open() }
    function exportYaml() { exportDialog.open() }

    Shortcut { sequences: [StandardKey.Open]; onActivated: root.openFile() }
    Shortcut { sequences: [StandardKey.Save]; onActivated: root.save() }
    Shortcut { sequences: [StandardKey.SaveAs]; onActivated: root.saveAs() }
    Shortcut { sequences: [StandardKey.Undo]; onActivated: root.document.undo() }
    Shortcut { sequences: [StandardKey.Redo, "Ctrl+Y"]; onActivated: root.document.redo() }

    FileDialog {
        id: openDialog
        title: qsTr("Open Gateway API YAML")
        nameFilters: [qsTr("YAML files (*.yaml *.yml)"), qsTr("All files (*)")]
        onAccepted: root.document.openFile(selectedFile)
    }
    FileDialog {
        id: saveDialog
        title: qsTr("Save as")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "yaml"
        nameFilters: [qsTr("YAML files (*.yaml *.yml)")]
        onAccepted: root.document.saveAs(selectedFile)
    }
    FileDialog {
        id: exportDialog
        title: qsTr("Export kubectl-ready YAML")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "yaml"
        nameFilters: [qsTr("YAML files (*.yaml *.yml)")]
        onAccepted: root.document.exportTo(selectedFile)
    }
}
