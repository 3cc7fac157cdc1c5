import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// Confirms a delete, listing first the references it would break.
Dialog {
    id: root

    required property Document document
    property string target: ""
    property var broken: []

    // Asks about the whole selection (one object or several).
    function ask() {
        const selection = document.selection.ids
        if (selection.length === 0)
            return
        target = selection.length === 1 ? selection[0] : qsTr("%1 objects").arg(selection.length)
        broken = document.edits.brokenReferencesOfSelection()
        open()
    }

    objectName: "deleteDialog"
    title: qsTr("Delete %1?").arg(target)
    modal: true
    background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 6 }
    Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, 0.25) }
    focus: true
    anchors.centerIn: Overlay.overlay
    width: 460
    standardButtons: Dialog.Ok | Dialog.Cancel
    onAccepted: document.edits.deleteSelection()

    ColumnLayout {
        anchors.fill: parent
        spacing: 6
        // Enter deletes, Escape cancels (the popup's own).
        focus: true
        Keys.onReturnPressed: root.accept()
        Keys.onEnterPressed: root.accept()
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: root.broken.length === 0 ? qsTr("Nothing refers to it.")
                                           : qsTr("These references will point at nothing:")
        }
        Repeater {
            model: root.broken
            delegate: Label {
                required property string modelData
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: "• " + modelData
                color: Theme.error
            }
        }
    }
}
