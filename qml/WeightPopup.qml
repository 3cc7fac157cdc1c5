import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Edits one backendRef weight (0–1,000,000, the CRD's bounds).
Popup {
    id: root

    property int weight: 1
    signal accepted(int value)

    objectName: "weightPopup"
    padding: 8
    onOpened: spin.value = weight

    background: Rectangle {
        color: Theme.panel
        border.color: Theme.border
        radius: 6
    }
    RowLayout {   // the content item; ids inside a deferred contentItem binding would not be deferred
        spacing: 6
        Label { text: qsTr("Weight"); color: Theme.text }
        SpinBox {
            id: spin
            objectName: "weightSpin"
            from: 0
            to: 1000000
            editable: true
            Keys.onReturnPressed: apply.clicked()
        }
        Button {
            id: apply
            objectName: "weightApply"
            text: qsTr("Set")
            onClicked: {
                root.accepted(spin.value)
                root.close()
            }
        }
    }
}
