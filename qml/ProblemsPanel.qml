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
            height: 24
            onClicked: {
                if (objectId !== "")
                    root.document.selectedId = objectId
                else if (file !== "")
                    root.document.showFile(file)
                if (line > 0 || field !== "")
                    root.locateRequested(line, column, field)
            }
            background: Rectangle { color: row.hovered ? Theme.panelAlt : "transparent" }
            contentItem: RowLayout {
                spacing: 8
                Rectangle {
                    width: 8
                    height: 8
                    radius: 4
                    color: row.severity === "warning" ? Theme.warning : Theme.error
                }
                Text {
                    text: row.location !== "" ? row.location : row.objectId
                    color: Theme.textMuted
                    font.pixelSize: Theme.smallFontSize + 1
                    Layout.maximumWidth: 180
                    elide: Text.ElideMiddle
                }
                Button {
                    objectName: "fix:" + row.index
                    visible: row.fix !== ""
                    text: qsTr("Fix")
                    padding: 2
                    implicitWidth: implicitContentWidth + 16
                    implicitHeight: 20
                    font.pixelSize: Theme.smallFontSize + 1
                    onClicked: root.document.applyFix(row.index)
                    ToolTip.visible: hovered
                    ToolTip.text: row.fix
                }
                Text {
                    Layout.fillWidth: true
                    text: row.message
                    elide: Text.ElideRight
                    color: Theme.text
                    font.pixelSize: Theme.fontSize
                    ToolTip.visible: row.hovered && truncated
                    ToolTip.text: row.message
                }
            }
        }
    }
}
