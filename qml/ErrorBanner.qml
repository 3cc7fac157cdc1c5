import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The latest failure, where the user is looking: its reason in one line and its details below
// (each error's file:line:col; click one to see that line in the YAML). It stays until dismissed
// or replaced by the next one.
Rectangle {
    id: root

    required property Notices notices
    signal locateRequested(string file, int line, int column)

    objectName: "errorBanner"
    visible: notices.shown
    implicitHeight: visible ? column.implicitHeight + 16 : 0
    height: implicitHeight
    color: notices.severity === "warning" ? Theme.warning : Theme.error

    readonly property color ink: notices.severity === "warning" ? "#1f2933" : "white"

    ColumnLayout {
        id: column
        x: 12
        y: 8
        width: parent.width - 24
        spacing: 2
        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            Label {
                objectName: "errorBannerText"
                Layout.fillWidth: true
                text: root.notices.text
                wrapMode: Text.Wrap
                color: root.ink
                font.bold: true
            }
            Button {
                objectName: "errorBannerDismiss"
                text: qsTr("Dismiss")
                flat: true
                onClicked: root.notices.dismiss()
                palette.buttonText: root.ink
            }
        }
        Repeater {
            model: root.notices.details
            delegate: Label {
                required property string modelData
                // "file:line:col: ..." points into a file: click to see it.
                readonly property var where: /^(.+?):(\d+):(\d+): /.exec(modelData)
                Layout.fillWidth: true
                text: modelData
                wrapMode: Text.Wrap
                color: root.ink
                font.family: Theme.monoFont
                font.pixelSize: Theme.smallFontSize + 1
                font.underline: where !== null && detailHover.hovered
                HoverHandler { id: detailHover; cursorShape: parent.where ? Qt.PointingHandCursor : Qt.ArrowCursor }
                TapHandler {
                    enabled: parent.where !== null
                    onTapped: root.locateRequested(parent.where[1], Number(parent.where[2]), Number(parent.where[3]))
                }
            }
        }
    }
}
