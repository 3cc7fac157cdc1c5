import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The right side: the inspector of the selection, the YAML of the whole document, the request
// tracer, the traffic generator and the rollout rehearsal.
Rectangle {
    id: root

    required property Document document
    property LiveGateway live: null
    property RequestTracer tracer: null
    property TrafficGenerator generator: null
    property RolloutRehearsal rehearsal: null
    signal saveReportRequested()
    readonly property bool editing: yaml.editing || inspector.editing

    function showInspector() { tabs.currentIndex = 0 }
    function showRollout() { tabs.currentIndex = 4 }
    // A problem: its field in the inspector when the form has it, else its line in the YAML.
    function showProblem(line, column, field) {
        if (field !== "" && inspector.focusField(field)) {
            tabs.currentIndex = 0
            return
        }
        if (line > 0)
            showYamlAt(line, column)
    }
    function showYamlAt(line, column) {
        tabs.currentIndex = 1
        yaml.goTo(line, column)
    }

    objectName: "sidePanel"
    color: Theme.panel

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TabBar {
            id: tabs
            background: Rectangle { color: Theme.panelAlt }
            Layout.fillWidth: true
            // Each tab as wide as its name, the room left shared out: five names do not fit in
            // equal shares of a narrow panel.
            readonly property real slack: Math.max(0, (width - t0.implicitWidth - t1.implicitWidth - t2.implicitWidth
                                                       - t3.implicitWidth - t4.implicitWidth) / 5)
            PanelTabButton { id: t0; width: implicitWidth + tabs.slack; text: qsTr("Inspector"); objectName: "inspectorTab" }
            PanelTabButton { id: t1; width: implicitWidth + tabs.slack; text: qsTr("YAML"); objectName: "yamlTab" }
            PanelTabButton { id: t2; width: implicitWidth + tabs.slack; text: qsTr("Trace"); objectName: "traceTab"; enabled: root.tracer !== null }
            PanelTabButton { id: t3; width: implicitWidth + tabs.slack; text: qsTr("Traffic"); objectName: "trafficTab"; enabled: root.generator !== null }
            PanelTabButton { id: t4; width: implicitWidth + tabs.slack; text: qsTr("Rollout"); objectName: "rolloutTab"; enabled: root.rehearsal !== null }
        }
        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: tabs.currentIndex
            Inspector {
                id: inspector
                document: root.document
            }
            YamlPane {
                id: yaml
                document: root.document
            }
            Loader {
                active: root.tracer !== null
                sourceComponent: TracerPanel { tracer: root.tracer; live: root.live }
            }
            Loader {
                active: root.generator !== null
                sourceComponent: GeneratorPanel { generator: root.generator; live: root.live; document: root.document }
            }
            Loader {
                active: root.rehearsal !== null
                sourceComponent: RolloutPanel {
                    rehearsal: root.rehearsal
                    document: root.document
                    onSaveReportRequested: root.saveReportRequested()
                }
            }
        }
    }
    Rectangle { width: 1; height: parent.height; color: Theme.border }
}
