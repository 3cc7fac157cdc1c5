import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// Below the canvas: the status of the selection (conditions with their explanations), the
// problems of the whole document and the canary splits. Side by side when there is room; in a
// narrow window one at a time, behind tabs (a problem appearing shows its count on its tab).
Rectangle {
    id: root

    required property Document document
    required property LiveGateway live
    property ClusterSession cluster: null
    property RolloutRehearsal rehearsal: null
    signal locateRequested(int line, int column, string field)

    readonly property bool narrow: width < 880
    // Shows one panel (in the narrow layout); 0 status, 1 problems, 2 splits.
    function show(index) { tabs.currentIndex = index }

    objectName: "bottomPanel"
    color: Theme.panel

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TabBar {
            id: tabs
            background: Rectangle { color: Theme.panelAlt }
            objectName: "bottomTabs"
            visible: root.narrow
            Layout.fillWidth: true
            PanelTabButton { objectName: "statusTab"; text: qsTr("Status") }
            PanelTabButton {
                objectName: "problemsTab"
                text: root.document.problems.count > 0 ? qsTr("Problems · %1").arg(root.document.problems.count) : qsTr("Problems")
            }
            PanelTabButton { objectName: "splitsTab"; text: qsTr("Splits") }
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0
            StatusPanel {
                live: root.live
                cluster: root.cluster
                visible: !root.narrow || tabs.currentIndex === 0
                Layout.fillHeight: true
                Layout.fillWidth: root.narrow
                Layout.preferredWidth: root.narrow ? -1 : root.width * 0.3
                document: root.document
            }
            Rectangle { visible: !root.narrow; Layout.fillHeight: true; width: 1; color: Theme.border }
            ProblemsPanel {
                visible: !root.narrow || tabs.currentIndex === 1
                Layout.fillHeight: true
                Layout.fillWidth: root.narrow
                Layout.preferredWidth: root.narrow ? -1 : root.width * 0.3
                document: root.document
                onLocateRequested: (line, column, field) => root.locateRequested(line, column, field)
            }
            Rectangle { visible: !root.narrow; Layout.fillHeight: true; width: 1; color: Theme.border }
            TrafficPanel {
                visible: !root.narrow || tabs.currentIndex === 2
                Layout.fillHeight: true
                Layout.fillWidth: true
                live: root.live
                document: root.document
                rehearsal: root.rehearsal
            }
        }
    }
    Rectangle { width: parent.width; height: 1; color: Theme.border }
}
