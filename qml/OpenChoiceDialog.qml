import QtQuick
import QtQuick.Controls

// Files picked in File → Open or dropped on the window while a workspace is open: add them to it
// (one graph, status and problems over all the files) or open them as a workspace of their own.
Dialog {
    id: root

    property var paths: []
    property string workspace: ""
    signal addChosen()
    signal openChosen()

    objectName: "openChoiceDialog"
    title: paths.length === 1 ? qsTr("Open %1").arg(paths[0].split("/").pop())
                              : qsTr("Open %1 files").arg(paths.length)
    modal: true
    background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 6 }
    Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, 0.25) }
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(480, Overlay.overlay ? Overlay.overlay.width - 40 : 480)

    Label {
        width: root.availableWidth
        wrapMode: Text.Wrap
        // Enter adds (the default choice), Escape cancels (the popup's own).
        focus: true
        Keys.onReturnPressed: root.accept()
        Keys.onEnterPressed: root.accept()
        text: qsTr("Add to the workspace (%1), so that one graph and one status cover them all, or open on their own?")
              .arg(root.workspace)
    }

    footer: DialogButtonBox {
        Button {
            objectName: "openChoiceAdd"
            text: qsTr("Add to workspace")
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
        }
        Button {
            objectName: "openChoiceOpen"
            text: qsTr("Open on their own")
            DialogButtonBox.buttonRole: DialogButtonBox.ApplyRole
            onClicked: {
                root.close()
                root.openChosen()
            }
        }
        Button {
            objectName: "openChoiceCancel"
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
    }
    onAccepted: addChosen()
}
