import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// One row of the inspector: a section header (with its buttons: remove this item), a row of
// buttons (add an item), or a label with its editor (text, number, choice, comma-separated list,
// key=value map, or read-only text) and the field's validation errors beneath.
ColumnLayout {
    id: root

    required property int index
    required property string label
    required property string path
    required property string value
    required property string fieldType
    required property var choices
    required property string placeholder
    required property string error
    required property var actions
    required property Document document
    property bool focused: false
    // False when the role view shows this object read-only: values as text, no buttons.
    property bool editable: true

    function commit(text) {
        if (text !== value)
            document.edits.setField(document.selection.current, path, text, fieldType)
    }

    objectName: "field:" + path
    // The model's value wins after every change (undo, YAML edits), even over half-typed text.
    onValueChanged: textField.text = value
    spacing: 2

    RowLayout {
        visible: root.fieldType === "header" || root.fieldType === "actions"
        Layout.fillWidth: true
        Layout.topMargin: root.fieldType === "header" && root.index > 0 ? 6 : 0
        spacing: 4
        Text {
            visible: root.fieldType === "header"
            Layout.fillWidth: true
            text: root.label
            color: Theme.text
            font.pixelSize: Theme.fontSize + 1
            font.bold: true
            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
        }
        Flow {
            Layout.fillWidth: root.fieldType === "actions"
            Layout.leftMargin: root.fieldType === "actions" ? 104 : 0
            spacing: 4
            Repeater {
                model: root.editable ? root.actions : []
                delegate: Button {
                    required property var modelData
                    objectName: "action:" + modelData.path + ":" + modelData.what
                    text: modelData.label
                    flat: true
                    padding: 2
                    font.pixelSize: Theme.smallFontSize + 1
                    onClicked: modelData.what === ""
                               ? root.document.edits.removeItem(root.document.selection.current, modelData.path)
                               : root.document.edits.addItem(root.document.selection.current, modelData.path, modelData.what)
                }
            }
        }
    }
    RowLayout {
        visible: root.fieldType !== "header" && root.fieldType !== "actions"
        Layout.fillWidth: true
        spacing: 8
        Text {
            Layout.preferredWidth: 96
            Layout.alignment: Qt.AlignVCenter
            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
            text: (root.focused ? "▶ " : "") + root.label
            color: root.focused ? Theme.error : Theme.textMuted
            font.bold: root.focused
            font.pixelSize: Theme.fontSize
        }
        EditField {
            id: textField
            objectName: "editor:" + root.path
            visible: root.editable && (root.fieldType === "text" || root.fieldType === "int" || root.fieldType === "list"
                                       || root.fieldType === "map")
            Layout.fillWidth: true
            text: root.value
            committed: root.value
            placeholderText: root.placeholder
            inputMethodHints: root.fieldType === "int" ? Qt.ImhDigitsOnly : Qt.ImhNone
            onEditingFinished: root.commit(text)
            background: Rectangle {
                color: Theme.panelAlt
                radius: 4
                border.color: root.error !== "" ? Theme.error : textField.activeFocus ? Theme.accent : Theme.border
            }
        }
        ComboBox {
            objectName: "choice:" + root.path
            visible: root.editable && root.fieldType === "choice"
            Layout.fillWidth: true
            model: [""].concat(root.choices)
            currentIndex: Math.max(0, model.indexOf(root.value))
            displayText: currentText === "" ? root.placeholder + " " + qsTr("(default)") : currentText
            font.pixelSize: Theme.fontSize
            onActivated: root.commit(currentText)
        }
        // Read-only: a field of this kind, or any field the role view does not own. Shown as
        // text, not as a field that would refuse the edit.
        Text {
            objectName: "readonly:" + root.path
            visible: root.fieldType === "readonly" || (!root.editable && root.fieldType !== "header"
                                                      && root.fieldType !== "actions")
            Layout.fillWidth: true
            text: root.value !== "" ? root.value : root.placeholder
            color: root.value !== "" ? Theme.text : Theme.textMuted
            font.pixelSize: Theme.fontSize
            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
        }
    }
    Text {
        objectName: "error:" + root.path
        visible: root.error !== ""
        Layout.fillWidth: true
        Layout.leftMargin: 104
        text: root.error
        wrapMode: Text.Wrap
        color: Theme.error
        font.pixelSize: Theme.smallFontSize + 1
    }
}
