import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The right side: the inspector of the selection and the YAML of the whole document.
Rectangle {
    id: root

    required property Document document
    property LiveGateway live: null
    property RequestTracer tracer: null
    property TrafficGenerator generator: null
    readonly property bool editing: yaml.editing || inspector.editing

    function showInspector() { tabs.currentIndex = 0 }
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
            PanelTabButton { text: qsTr("Inspector"); objectName: "inspectorTab" }
            PanelTabButton { text: qsTr("YAML"); objectName: "yamlTab" }
            PanelTabButton { text: qsTr("Trace"); objectName: "traceTab"; enabled: root.tracer !== null }
            PanelTabButton { text: qsTr("Traffic"); objectName: "trafficTab"; enabled: root.generator !== null }
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
        }
    }
    Rectangle { width: 1; height: parent.height; color: Theme.border }
}
