import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// Below the canvas: the status of the selection (conditions with their explanations) beside the
// problems of the whole document.
Rectangle {
    id: root

    required property Document document
    required property LiveGateway live
    signal locateRequested(int line, int column, string field)

    color: Theme.panel

    RowLayout {
        anchors.fill: parent
        spacing: 0
        StatusPanel {
            live: root.live
            Layout.fillHeight: true
            Layout.fillWidth: false   // layouts fill by default
            Layout.preferredWidth: root.width * 0.28
            document: root.document
        }
        Rectangle { Layout.fillHeight: true; width: 1; color: Theme.border }
        ProblemsPanel {
            Layout.fillHeight: true
            Layout.fillWidth: false   // layouts fill by default
            Layout.preferredWidth: root.width * 0.28
            document: root.document
            onLocateRequested: (line, column, field) => root.locateRequested(line, column, field)
        }
        Rectangle { Layout.fillHeight: true; width: 1; color: Theme.border }
        TrafficPanel {
            Layout.fillHeight: true
            Layout.fillWidth: true
            live: root.live
            document: root.document
        }
    }
    Rectangle { width: parent.width; height: 1; color: Theme.border }
}
