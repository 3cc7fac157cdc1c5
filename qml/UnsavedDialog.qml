import QtQuick
import QtQuick.Controls

// Asks what to do with unsaved changes before they would be lost: save, discard, or cancel.
Dialog {
    id: root

    property string name: ""
    signal saveChosen()
    signal discardChosen()

    objectName: "unsavedDialog"
    title: qsTr("Save the changes to %1?").arg(name)
    modal: true
    background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 6 }
    Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, 0.25) }
    focus: true
    anchors.centerIn: Overlay.overlay
    standardButtons: Dialog.Save | Dialog.Discard | Dialog.Cancel

    onAccepted: saveChosen()
    onDiscarded: {
        close()
        discardChosen()
    }

    Label {
        text: qsTr("Your changes will be lost if you don't save them.")
        // Enter saves (the default choice), Escape cancels (the popup's own).
        focus: true
        Keys.onReturnPressed: root.accept()
        Keys.onEnterPressed: root.accept()
    }
}
