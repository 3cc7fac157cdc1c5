import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Edits one backendRef weight (0–1,000,000, the CRD's bounds).
Popup {
    id: root

    property int weight: 1
    signal accepted(int value)

    // What the spin box shows, typed digits included (its value follows the text only once
    // editing finishes, which Enter may not have reached yet).
    function apply() {
        const typed = spin.valueFromText(spin.contentItem.text, spin.locale)
        root.accepted(isNaN(typed) ? spin.value : Math.max(spin.from, Math.min(spin.to, typed)))
        root.close()
    }

    objectName: "weightPopup"
    padding: 8
    onOpened: {
        spin.value = weight
        spin.contentItem.selectAll()
        spin.forceActiveFocus()
    }

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
            Keys.onReturnPressed: root.apply()
            Keys.onEnterPressed: root.apply()
        }
        Button {
            id: setButton
            objectName: "weightApply"
            text: qsTr("Set")
            onClicked: root.apply()
        }
    }
}
