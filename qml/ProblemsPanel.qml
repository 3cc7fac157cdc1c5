import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// Every problem of the document: YAML and validation errors with line:column, and status
// problems. A click selects the object (and shows the YAML line when there is one); a problem
// with an obvious fix has a Fix button (its tooltip says what it does; one undo step).
ColumnLayout {
    id: root

    required property Document document
    signal locateRequested(int line, int column, string field)

    objectName: "problemsPanel"
    clip: true
    spacing: 0

    PanelTitle {
        text: qsTr("PROBLEMS  ·  %1").arg(list.count)
    }
    Text {
        visible: list.count === 0
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: qsTr("No problems: every object is valid, accepted and resolved.")
        color: Theme.ok
        font.pixelSize: Theme.fontSize
    }
    ListView {
        id: list
        objectName: "problemList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: root.document.problems
        ScrollBar.vertical: ScrollBar {}
        // One problem: where (object or file:line:col) with its Fix button, the message below;
        // both wrap, so a narrow panel shows them whole.
        delegate: ItemDelegate {
            id: row
            required property string severity
            required property string message
            required property string objectId
            required property string location
            required property int line
            required property int column
            required property string field
            required property string file
            required property string fix
            required property int index
            width: ListView.view.width
            height: content.implicitHeight + 8
            onClicked: {
                if (objectId !== "")
                    root.document.selection.current = objectId
                else if (file !== "")
                    root.document.showFile(file)
                if (line > 0 || field !== "")
                    root.locateRequested(line, column, field)
            }
            background: Rectangle { color: row.hovered ? Theme.panelAlt : "transparent" }
            contentItem: Item {}
            ColumnLayout {
                id: content
                x: 10
                y: 4
                width: row.width - 20
                spacing: 1
                RowLayout {
                    Layout.fillWidth: true
                    spacing: 8
                    Rectangle {
                        Layout.alignment: Qt.AlignTop
                        Layout.topMargin: 4
                        width: 8
                        height: 8
                        radius: 4
                        color: row.severity === "warning" ? Theme.warning : Theme.error
                    }
                    Text {
                        Layout.fillWidth: true
                        text: row.location !== "" ? row.location : row.objectId
                        color: Theme.textMuted
                        font.pixelSize: Theme.smallFontSize + 1
                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                    }
                    Button {
                        objectName: "fix:" + row.index
                        visible: row.fix !== ""
                        text: qsTr("Fix")
                        padding: 2
                        implicitWidth: implicitContentWidth + 16
                        implicitHeight: 20
                        font.pixelSize: Theme.smallFontSize + 1
                        onClicked: root.document.edits.applyFix(row.index)
                        ToolTip.visible: hovered
                        ToolTip.text: row.fix
                    }
                }
                Text {
                    Layout.fillWidth: true
                    Layout.leftMargin: 16
                    text: row.message
                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                    color: Theme.text
                    font.pixelSize: Theme.fontSize
                }
            }
        }
    }
}
